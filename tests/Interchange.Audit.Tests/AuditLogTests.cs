using Interchange.Audit.Tests.Stores;

namespace Interchange.Audit.Tests;

/// <summary>The log's behaviour on either store; SQLite's file faults are in <see cref="SqliteAuditLogFileTests"/>.</summary>
public sealed class AuditLogTests
{
    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Append_OnNewLog_ReturnsConsecutiveIndexesFromZero(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await using var log = db.OpenLog();

        var indexes = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            indexes.Add(await log.AppendAsync(TestRecords.Allowed(i) with { LeafIndex = 99 }));
        }

        Assert.Equal([0L, 1L, 2L, 3L, 4L], indexes);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Append_ThenDisposeAndReopen_RecordsSurviveWithEveryFieldIntactAndIndexesContinue(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var allowed = TestRecords.Allowed(1) with { Time = TestRecords.Start.AddTicks(1234560), Detail = "引用 \"quoted\" \\ text" };
        var denied = TestRecords.Denied(2) with { Case = null, Purpose = null };
        await using (var log = db.OpenLog())
        {
            await log.AppendAsync(allowed);
            await log.AppendAsync(denied);
        }

        long next;
        await using (var reopened = db.OpenLog())
        {
            next = await reopened.AppendAsync(TestRecords.Allowed(3));
        }

        var page = await db.OpenReader().QueryAsync(new AuditQuery());
        Assert.Equal(2, next);
        Assert.Equal(3, page.TotalCount);
        AssertSame(allowed with { LeafIndex = 0 }, page.Records[0]);
        AssertSame(denied with { LeafIndex = 1 }, page.Records[1]);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Append_2000Concurrently_AllCompleteWithDistinctConsecutiveIndexesInFewerCommits(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await using var log = db.OpenLog(maxBatch: 256);

        var appends = Enumerable.Range(0, 2000)
            .Select(i => Task.Run(async () => await log.AppendAsync(TestRecords.Allowed(i))))
            .ToArray();
        var indexes = await Task.WhenAll(appends);

        Assert.Equal(Enumerable.Range(0, 2000).Select(i => (long)i), indexes.Order());
        Assert.True(log.CommitCount < 2000, $"{log.CommitCount} commits for 2000 appends: group commit did not batch");
        Assert.Equal(2000, await db.OpenReader().CountAsync());
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Append_WhileTheAppendLockIsHeld_CompletesOnlyOnceItsBatchIsCommitted(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await using var log = db.OpenLog();
        var reader = db.OpenReader();

        Task<long> append;
        await using (await db.HoldAppendLockAsync())
        {
            append = log.AppendAsync(TestRecords.Allowed(0)).AsTask();
            // Well within the one-second lock timeout: the batch is waiting for the lock, not failing.
            await Task.Delay(300);

            Assert.False(append.IsCompleted, "an append completed before its batch could be committed");
            Assert.Equal(0, await reader.CountAsync());
        }

        Assert.Equal(0, await append);
        Assert.Equal(1, await reader.CountAsync());
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Dispose_WithAppendsStillQueued_DrainsEveryOneToDisk(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var log = db.OpenLog(maxBatch: 16);

        var appends = Enumerable.Range(0, 500).Select(i => log.AppendAsync(TestRecords.Allowed(i)).AsTask()).ToArray();
        await log.DisposeAsync();

        Assert.All(appends, append => Assert.True(append.IsCompletedSuccessfully));
        Assert.Equal(500, await db.OpenReader().CountAsync());
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Append_AfterDispose_ThrowsAuditUnavailable(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var log = db.OpenLog();
        await log.DisposeAsync();

        await Assert.ThrowsAsync<AuditUnavailableException>(async () => await log.AppendAsync(TestRecords.Allowed()));
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Append_RecordWithoutAgency_IsRejectedAsAProgrammingError(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await using var log = db.OpenLog();

        await Assert.ThrowsAsync<ArgumentException>(async () => await log.AppendAsync(TestRecords.Allowed() with { Agency = "" }));
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Append_WhileAnotherConnectionHoldsTheAppendLock_ThrowsAuditUnavailableThenRecoversWithoutRestart(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await using var log = db.OpenLog();
        Assert.Equal(0, await log.AppendAsync(TestRecords.Allowed(0)));

        await using (await db.HoldAppendLockAsync())
        {
            // The record stays queued while the lock is held, then its batch fails after the lock timeout.
            await Assert.ThrowsAsync<AuditUnavailableException>(async () => await log.AppendAsync(TestRecords.Allowed(1)));
        }

        Assert.Equal(1, await log.AppendAsync(TestRecords.Allowed(2)));
        var page = await db.OpenReader().QueryAsync(new AuditQuery());
        Assert.Equal(["req-000000", "req-000002"], page.Records.Select(r => r.RequestId));
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Append_WhenItFails_LogsTheErrorWithoutRecordContents(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var logger = new ListLogger<GroupCommitAuditLog>();
        await using var log = db.OpenLog(logger: logger);
        var canary = TestRecords.Allowed(1) with { RequestId = "CANARY-REQ", Case = "CANARY-CASE", Detail = "CANARY-DETAIL", Fields = ["CANARY-FIELD"] };

        await using (await db.HoldAppendLockAsync())
        {
            var failure = await Assert.ThrowsAsync<AuditUnavailableException>(async () => await log.AppendAsync(canary));
            Assert.DoesNotContain("CANARY", failure.ToString(), StringComparison.Ordinal);
        }

        Assert.Contains(logger.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
        Assert.All(logger.Lines, line => Assert.DoesNotContain("CANARY", line, StringComparison.Ordinal));
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task HealthCheck_WhileTheAppendLockCannotBeTaken_IsUnhealthyAndHealthyAgainAfter(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await using (var log = db.OpenLog())
        {
            await log.AppendAsync(TestRecords.Allowed(0));
        }

        var check = db.OpenHealthCheck();
        var before = await check.CheckHealthAsync(new());
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult during;
        await using (await db.HoldAppendLockAsync())
        {
            during = await check.CheckHealthAsync(new());
        }

        var after = await check.CheckHealthAsync(new());

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, before.Status);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, during.Status);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, after.Status);
    }

    private static void AssertSame(AuditRecord expected, AuditRecord actual)
    {
        Assert.Equal(expected.Fields, actual.Fields);
        // Records compare lists by reference, so compare everything else with the lists aligned.
        Assert.Equal(expected with { Fields = [] }, actual with { Fields = [] });
        Assert.Equal(TimeSpan.Zero, actual.Time.Offset);
    }
}
