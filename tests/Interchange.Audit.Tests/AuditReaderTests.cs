using Interchange.Audit.Tests.Stores;

namespace Interchange.Audit.Tests;

public sealed class AuditReaderTests
{
    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Query_ByAgencyDatasetPurposeCaseAndDecision_ReturnsOnlyMatchingRecords(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await SeedAsync(db);
        var reader = db.OpenReader();

        var byAgency = await reader.QueryAsync(new AuditQuery(Agency: "gz-human-resources"));
        var byDataset = await reader.QueryAsync(new AuditQuery(Dataset: "household-registration"));
        var byPurpose = await reader.QueryAsync(new AuditQuery(Purpose: "tax-check"));
        var byCase = await reader.QueryAsync(new AuditQuery(Case: "case-1"));
        var byDecision = await reader.QueryAsync(new AuditQuery(Decision: AuditDecision.Denied));
        var combined = await reader.QueryAsync(new AuditQuery(Agency: "sz-civil-affairs", Decision: AuditDecision.Allowed));

        Assert.Equal([2L, 5L], byAgency.Records.Select(r => r.LeafIndex));
        Assert.All(byDataset.Records, r => Assert.Equal("household-registration", r.Dataset));
        Assert.Equal(3, byDataset.TotalCount);
        Assert.Equal([5L], byPurpose.Records.Select(r => r.LeafIndex));
        Assert.Equal([1L, 4L], byCase.Records.Select(r => r.LeafIndex));
        Assert.Equal([3L, 6L, 7L], byDecision.Records.Select(r => r.LeafIndex));
        Assert.Equal([0L, 1L, 4L], combined.Records.Select(r => r.LeafIndex));
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Query_ByTimeRange_IncludesFromAndExcludesTo(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await SeedAsync(db);

        var page = await db.OpenReader().QueryAsync(new AuditQuery(From: TestRecords.Start.AddSeconds(2), To: TestRecords.Start.AddSeconds(5)));

        Assert.Equal([2L, 3L, 4L], page.Records.Select(r => r.LeafIndex));
        Assert.Equal(3, page.TotalCount);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Query_PagedWithFirstAndAfter_WalksTheLogOldestFirstWithTotalCountIgnoringTheCursor(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await SeedAsync(db);
        var reader = db.OpenReader();

        var first = await reader.QueryAsync(new AuditQuery(First: 3));
        var second = await reader.QueryAsync(new AuditQuery(First: 3, AfterLeafIndex: first.Records[^1].LeafIndex));
        var last = await reader.QueryAsync(new AuditQuery(First: 3, AfterLeafIndex: second.Records[^1].LeafIndex));
        var exact = await reader.QueryAsync(new AuditQuery(Decision: AuditDecision.Denied, First: 3));

        Assert.Equal([0L, 1L, 2L], first.Records.Select(r => r.LeafIndex));
        Assert.True(first.HasNextPage);
        Assert.Equal([3L, 4L, 5L], second.Records.Select(r => r.LeafIndex));
        Assert.True(second.HasNextPage);
        Assert.Equal([6L, 7L], last.Records.Select(r => r.LeafIndex));
        Assert.False(last.HasNextPage);
        Assert.All([first, second, last], page => Assert.Equal(8, page.TotalCount));
        Assert.False(exact.HasNextPage);
        Assert.Equal(3, exact.TotalCount);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Query_WithAFilterValueThatLooksLikeSql_TreatsItAsData(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await SeedAsync(db);

        var page = await db.OpenReader().QueryAsync(new AuditQuery(Agency: "x' OR '1'='1"));

        Assert.Empty(page.Records);
        Assert.Equal(0, page.TotalCount);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Query_WithAHugeFirst_IsCappedButStillReportsTheNextPage(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await using (var log = db.OpenLog())
        {
            await Task.WhenAll(Enumerable.Range(0, AuditReader.MaxFirst + 5).Select(i => log.AppendAsync(TestRecords.Allowed(i)).AsTask()));
        }

        var page = await db.OpenReader().QueryAsync(new AuditQuery(First: 1_000_000));

        Assert.Equal(AuditReader.MaxFirst, page.Records.Count);
        Assert.True(page.HasNextPage);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Query_OnItsOwnConnection_SeesRecordsAppendedByALogOpenedSeparately(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var reader = db.OpenReader();
        Assert.Equal(0, await reader.CountAsync());

        await using var log = db.OpenLog();
        await log.AppendAsync(TestRecords.Allowed(0));
        var seen = await reader.QueryAsync(new AuditQuery());
        await log.AppendAsync(TestRecords.Denied(1));

        Assert.Single(seen.Records);
        Assert.Equal(2, await reader.CountAsync());
        Assert.Equal(2, (await reader.QueryAsync(new AuditQuery())).TotalCount);
    }

    [Fact]
    public async Task Query_WhenTheDatabaseIsGone_ThrowsAuditUnavailable()
    {
        using var db = new TempDatabase();
        var reader = db.OpenReader();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(db.DirectoryPath, recursive: true);

        await Assert.ThrowsAsync<AuditUnavailableException>(() => reader.QueryAsync(new AuditQuery()));
        await Assert.ThrowsAsync<AuditUnavailableException>(() => reader.CountAsync());
    }

    /// <summary>Eight records, leaf index = seconds after the start.</summary>
    private static async Task SeedAsync(TestStore db)
    {
        await using var log = db.OpenLog();
        AuditRecord[] records =
        [
            TestRecords.Allowed(0),
            TestRecords.Allowed(1),
            TestRecords.Allowed(2, agency: "gz-human-resources"),
            TestRecords.Denied(3),
            TestRecords.Allowed(4, dataset: "household-registration"),
            TestRecords.Allowed(5, agency: "gz-human-resources", dataset: "social-insurance-contributions") with { Purpose = "tax-check" },
            TestRecords.Denied(6, agency: "sz-market-regulation", dataset: "criminal-records") with { Problem = "urn:interchange:problem:not-shared" },
            TestRecords.Denied(7, agency: "anonymous") with { Status = 401 },
        ];
        foreach (var record in records)
        {
            await log.AppendAsync(record);
        }
    }
}
