namespace Interchange.Audit.Tests;

public sealed class SqliteAuditLogTests
{
    [Fact]
    public async Task Append_OnNewLog_ReturnsConsecutiveIndexesFromZero()
    {
        using var db = new TempDatabase();
        await using var log = db.OpenLog();

        var indexes = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            indexes.Add(await log.AppendAsync(TestRecords.Allowed(i) with { LeafIndex = 99 }));
        }

        Assert.Equal([0L, 1L, 2L, 3L, 4L], indexes);
    }

    [Fact]
    public async Task Append_ThenDisposeAndReopen_RecordsSurviveWithEveryFieldIntactAndIndexesContinue()
    {
        using var db = new TempDatabase();
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

    [Fact]
    public async Task Append_2000Concurrently_AllCompleteWithDistinctConsecutiveIndexesInFewerCommits()
    {
        using var db = new TempDatabase();
        await using var log = db.OpenLog(maxBatch: 256);

        var appends = Enumerable.Range(0, 2000)
            .Select(i => Task.Run(async () => await log.AppendAsync(TestRecords.Allowed(i))))
            .ToArray();
        var indexes = await Task.WhenAll(appends);

        Assert.Equal(Enumerable.Range(0, 2000).Select(i => (long)i), indexes.Order());
        Assert.True(log.CommitCount < 2000, $"{log.CommitCount} commits for 2000 appends: group commit did not batch");
        Assert.Equal(2000, await db.OpenReader().CountAsync());
    }

    [Fact]
    public async Task Dispose_WithAppendsStillQueued_DrainsEveryOneToDisk()
    {
        using var db = new TempDatabase();
        var log = db.OpenLog(maxBatch: 16);

        var appends = Enumerable.Range(0, 500).Select(i => log.AppendAsync(TestRecords.Allowed(i)).AsTask()).ToArray();
        await log.DisposeAsync();

        Assert.All(appends, append => Assert.True(append.IsCompletedSuccessfully));
        Assert.Equal(500, await db.OpenReader().CountAsync());
    }

    [Fact]
    public async Task Append_AfterDispose_ThrowsAuditUnavailable()
    {
        using var db = new TempDatabase();
        var log = db.OpenLog();
        await log.DisposeAsync();

        await Assert.ThrowsAsync<AuditUnavailableException>(async () => await log.AppendAsync(TestRecords.Allowed()));
    }

    [Fact]
    public async Task Append_RecordWithoutAgency_IsRejectedAsAProgrammingError()
    {
        using var db = new TempDatabase();
        await using var log = db.OpenLog();

        await Assert.ThrowsAsync<ArgumentException>(async () => await log.AppendAsync(TestRecords.Allowed() with { Agency = "" }));
    }

    [Fact]
    public async Task Append_WhileAnotherConnectionHoldsTheWriteLock_ThrowsAuditUnavailableThenRecoversWithoutRestart()
    {
        using var db = new TempDatabase();
        await using var log = db.OpenLog();
        Assert.Equal(0, await log.AppendAsync(TestRecords.Allowed(0)));

        using (var locker = db.Connect())
        using (var exclusive = locker.BeginTransaction())
        {
            // The record stays queued while the lock is held, then its batch fails after the busy timeout.
            await Assert.ThrowsAsync<AuditUnavailableException>(async () => await log.AppendAsync(TestRecords.Allowed(1)));
        }

        Assert.Equal(1, await log.AppendAsync(TestRecords.Allowed(2)));
        var page = await db.OpenReader().QueryAsync(new AuditQuery());
        Assert.Equal(["req-000000", "req-000002"], page.Records.Select(r => r.RequestId));
    }

    [Fact]
    public async Task Append_WhileTheDirectoryIsMovedAway_ThrowsAuditUnavailableThenRecoversWhenItIsBack()
    {
        using var db = new TempDatabase();
        await using var log = db.OpenLog();
        await log.AppendAsync(TestRecords.Allowed(0));
        var away = db.DirectoryPath + "-away";

        Directory.Move(db.DirectoryPath, away);
        await Assert.ThrowsAsync<AuditUnavailableException>(async () => await log.AppendAsync(TestRecords.Allowed(1)));
        await Assert.ThrowsAsync<AuditUnavailableException>(async () => await log.AppendAsync(TestRecords.Allowed(2)));
        Directory.Move(away, db.DirectoryPath);

        Assert.Equal(1, await log.AppendAsync(TestRecords.Allowed(3)));
        var page = await db.OpenReader().QueryAsync(new AuditQuery());
        Assert.Equal(["req-000000", "req-000003"], page.Records.Select(r => r.RequestId));
    }

    [Fact]
    public async Task Append_AfterTheDatabaseIsDeleted_KeepsFailingRatherThanStartANewLogAtZero()
    {
        using var db = new TempDatabase();
        await using var log = db.OpenLog();
        await log.AppendAsync(TestRecords.Allowed(0));

        Directory.Delete(db.DirectoryPath, recursive: true);
        await Assert.ThrowsAsync<AuditUnavailableException>(async () => await log.AppendAsync(TestRecords.Allowed(1)));
        Directory.CreateDirectory(db.DirectoryPath);

        await Assert.ThrowsAsync<AuditUnavailableException>(async () => await log.AppendAsync(TestRecords.Allowed(2)));
        Assert.False(File.Exists(db.DatabasePath));
    }

    [Fact]
    public async Task Append_WhenItFails_LogsTheErrorWithoutRecordContents()
    {
        using var db = new TempDatabase();
        var logger = new ListLogger<SqliteAuditLog>();
        await using var log = db.OpenLog(logger: logger);
        var canary = TestRecords.Allowed(1) with { RequestId = "CANARY-REQ", Case = "CANARY-CASE", Detail = "CANARY-DETAIL", Fields = ["CANARY-FIELD"] };

        using (var locker = db.Connect())
        using (var exclusive = locker.BeginTransaction())
        {
            var failure = await Assert.ThrowsAsync<AuditUnavailableException>(async () => await log.AppendAsync(canary));
            Assert.DoesNotContain("CANARY", failure.ToString(), StringComparison.Ordinal);
        }

        Assert.Contains(logger.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
        Assert.All(logger.Lines, line => Assert.DoesNotContain("CANARY", line, StringComparison.Ordinal));
    }

    private static void AssertSame(AuditRecord expected, AuditRecord actual)
    {
        Assert.Equal(expected.Fields, actual.Fields);
        // Records compare lists by reference, so compare everything else with the lists aligned.
        Assert.Equal(expected with { Fields = [] }, actual with { Fields = [] });
        Assert.Equal(TimeSpan.Zero, actual.Time.Offset);
    }
}
