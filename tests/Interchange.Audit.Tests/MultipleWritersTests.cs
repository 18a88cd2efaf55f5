using Interchange.Audit.Tests.Stores;

namespace Interchange.Audit.Tests;

/// <summary>
/// Several writers (gateways, the catalogue's workflow) append to one log. Each log here has a store of its own —
/// its own file handle or connection pool — as a log in another process would.
/// </summary>
public sealed class MultipleWritersTests
{
    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task AppendAsync_TwoLogsOnOneStore_GetDistinctConsecutivePositions(AuditStoreKind kind)
    {
        await using var database = await TestStore.CreateAsync(kind);
        // BusyTimeout 1 s is the fixture default; contention between two writers resolves well within it.
        await using var gateway = database.OpenLog();
        await using var catalog = database.OpenLog();

        var appends = Enumerable.Range(0, 400)
            .Select(i => (i % 2 == 0 ? gateway : catalog).AppendAsync(TestRecords.Allowed(i)).AsTask())
            .ToList();
        var positions = await Task.WhenAll(appends);

        Assert.Equal(Enumerable.Range(0, 400).Select(i => (long)i), positions.Order());
        var page = await database.OpenReader().QueryAsync(new AuditQuery(First: 1000));
        Assert.Equal(400, page.TotalCount);
        Assert.Equal(Enumerable.Range(0, 400).Select(i => (long)i), page.Records.Select(r => r.LeafIndex));
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task AppendAsync_FourLogsEachAppendingInTurn_KeepEachLogsOrderInOneGapFreeLog(AuditStoreKind kind)
    {
        await using var database = await TestStore.CreateAsync(kind);
        var logs = Enumerable.Range(0, 4).Select(_ => database.OpenLog(maxBatch: 32)).ToArray();
        try
        {
            // Each writer appends one record after another, as one request after another would: its records must
            // take increasing positions, and the positions of all writers together must be 0..n-1 with no gap.
            var writers = logs.Select((log, w) => Task.Run(async () =>
            {
                var positions = new List<long>();
                for (var i = 0; i < 150; i++)
                {
                    positions.Add(await log.AppendAsync(TestRecords.Allowed(i, agency: $"writer-{w}")));
                }

                return positions;
            })).ToArray();
            var byWriter = await Task.WhenAll(writers);

            Assert.All(byWriter, positions => Assert.Equal(positions.Order(), positions));
            Assert.Equal(Enumerable.Range(0, 600).Select(i => (long)i), byWriter.SelectMany(p => p).Order());
            for (var w = 0; w < logs.Length; w++)
            {
                var stored = await database.OpenReader().QueryAsync(new AuditQuery(Agency: $"writer-{w}", First: 1000));
                Assert.Equal(byWriter[w], stored.Records.Select(r => r.LeafIndex));
                Assert.Equal(Enumerable.Range(0, 150).Select(i => $"req-{i:D6}"), stored.Records.Select(r => r.RequestId));
            }
        }
        finally
        {
            foreach (var log in logs)
            {
                await log.DisposeAsync();
            }
        }
    }
}
