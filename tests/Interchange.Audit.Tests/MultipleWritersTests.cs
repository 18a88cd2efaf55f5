namespace Interchange.Audit.Tests;

/// <summary>Several writers (gateways, the catalogue's workflow) append to one log file.</summary>
public sealed class MultipleWritersTests
{
    [Fact]
    public async Task AppendAsync_TwoLogsOnOneFile_GetDistinctConsecutivePositions()
    {
        using var database = new TempDatabase();
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
}
