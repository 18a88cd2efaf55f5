using System.Data.Common;
using Interchange.Audit.Subjects;
using Interchange.Audit.Tests.Stores;
using Microsoft.Data.Sqlite;

namespace Interchange.Audit.Tests.Subjects;

/// <summary>
/// The subject index is filled behind the log, in runs: a report must find every record naming the subject whether
/// or not its run has happened yet, exactly once, with one writer or several.
/// </summary>
public sealed class SubjectIndexRunTests
{
    private static readonly SubjectHasher Hasher = new([.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))]);
    private static readonly string Alice = Hasher.Hash("11010519491231002X")!;
    private static readonly string Bob = Hasher.Hash("440305198802150011")!;

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Report_FindsRecordsBeforeTheirRun_AndTheSameOnesAfterIt(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var reader = db.OpenReader();
        AuditPage before;
        await using (var log = db.OpenLog(o => { o.SubjectIndexRun = 1000; o.SubjectIndexDelay = TimeSpan.FromMinutes(10); }))
        {
            await log.AppendAsync(TestRecords.Allowed(0) with { Subjects = [Alice] });
            await log.AppendAsync(TestRecords.Allowed(1) with { Subjects = Hasher.HashAll(["11010519491231002X", "440305198802150011"]) });
            await log.AppendAsync(TestRecords.Denied(2));
            await log.AppendAsync(TestRecords.Allowed(3) with { Subjects = [Bob] });

            Assert.Equal(0L, Convert.ToInt64(await db.ScalarAsync($"SELECT COUNT(*) FROM {Table(kind, "audit_subjects")}")));
            before = await reader.SubjectRecordsAsync(Alice, 100);
        }

        // Closing the log completes the index.
        var after = await reader.SubjectRecordsAsync(Alice, 100);

        Assert.Equal([0L, 1L], before.Records.Select(r => r.LeafIndex));
        Assert.Equal(2, before.TotalCount);
        Assert.Equal([0L, 1L], after.Records.Select(r => r.LeafIndex));
        Assert.Equal(2, after.TotalCount);
        Assert.Equal(4L, await IndexedUptoAsync(db));
        Assert.Equal(4L, Convert.ToInt64(await db.ScalarAsync($"SELECT COUNT(*) FROM {Table(kind, "audit_subjects")}")));
        Assert.Equal([1L, 3L], (await reader.SubjectRecordsAsync(Bob, 100)).Records.Select(r => r.LeafIndex));
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Index_CatchesUpWhileTheLogIsIdle(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await using var log = db.OpenLog(o => { o.SubjectIndexRun = 1000; o.SubjectIndexDelay = TimeSpan.FromMilliseconds(50); });
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync(TestRecords.Allowed(i) with { Subjects = [Alice] });
        }

        for (var wait = 0; wait < 200 && await IndexedUptoAsync(db) < 5; wait++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(5L, await IndexedUptoAsync(db));
        Assert.Equal(5, (await db.OpenReader().SubjectRecordsAsync(Alice, 100)).TotalCount);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task TwoLogsOnOneStore_IndexEverySubjectOfEveryRecordOnce(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await using (var first = db.OpenLog(o => o.SubjectIndexRun = 3))
        await using (var second = db.OpenLog(o => o.SubjectIndexRun = 5))
        {
            var appends = Enumerable.Range(0, 60).Select(i => (i % 2 == 0 ? first : second)
                .AppendAsync(TestRecords.Allowed(i) with { Subjects = i % 3 == 0 ? [Alice] : Hasher.HashAll(["11010519491231002X", "440305198802150011"]) })
                .AsTask());
            await Task.WhenAll(appends);
        }

        var reader = db.OpenReader();
        Assert.Equal(60L, await IndexedUptoAsync(db));
        Assert.Equal(60L + 40L, Convert.ToInt64(await db.ScalarAsync($"SELECT COUNT(*) FROM {Table(kind, "audit_subjects")}")));
        Assert.Equal(60, (await reader.SubjectRecordsAsync(Alice, 1000)).TotalCount);
        Assert.Equal(40, (await reader.SubjectRecordsAsync(Bob, 1000)).TotalCount);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task IndexState_OnlyMovesForward(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await using (var log = db.OpenLog())
        {
            await log.AppendAsync(TestRecords.Allowed(0) with { Subjects = [Alice] });
            await log.AppendAsync(TestRecords.Allowed(1) with { Subjects = [Alice] });
        }

        var state = Table(kind, "audit_subject_index");
        await Assert.ThrowsAnyAsync<DbException>(() => db.ScalarAsync($"UPDATE {state} SET indexed_upto = 0;"));
        await Assert.ThrowsAnyAsync<DbException>(() => db.ScalarAsync($"DELETE FROM {state};"));

        Assert.Equal(2L, await IndexedUptoAsync(db));
        Assert.Equal(2, (await db.OpenReader().SubjectRecordsAsync(Alice, 10)).TotalCount);
    }

    [Fact]
    public async Task Open_FileIndexedWithEveryAppend_StartsItsIndexAtTheEnd_AndCountsNothingTwice()
    {
        // A file of the previous build: audit_subjects filled in each record's own transaction, no state table.
        await using var db = new SqliteTestStore();
        await using (var log = db.OpenLog())
        {
            await log.AppendAsync(TestRecords.Allowed(0) with { Subjects = [Alice] });
            await log.AppendAsync(TestRecords.Allowed(1) with { Subjects = [Bob] });
        }

        await db.ScalarAsync("DROP TABLE audit_subject_index;");
        SqliteConnection.ClearAllPools();

        await using (var log = db.OpenLog(o => o.SubjectIndexDelay = TimeSpan.FromMinutes(10)))
        {
            Assert.Equal(2L, await IndexedUptoAsync(db));
            await log.AppendAsync(TestRecords.Allowed(2) with { Subjects = [Alice] });
            Assert.Equal([0L, 2L], (await db.OpenReader().SubjectRecordsAsync(Alice, 10)).Records.Select(r => r.LeafIndex));
        }

        Assert.Equal(3L, await IndexedUptoAsync(db));
        Assert.Equal(2, (await db.OpenReader().SubjectRecordsAsync(Alice, 10)).TotalCount);
    }

    [Fact]
    public async Task Report_RefusesWhatIsNotASubjectHash()
    {
        await using var db = new SqliteTestStore();
        await using (var log = db.OpenLog())
        {
            await log.AppendAsync(TestRecords.Allowed(0) with { Subjects = [Alice] });
        }

        // A LIKE pattern must never reach the tail scan.
        await Assert.ThrowsAsync<ArgumentException>(() => db.OpenReader().SubjectRecordsAsync("%", 10));
        await Assert.ThrowsAsync<ArgumentException>(() => db.OpenReader().SubjectRecordsAsync(Alice.ToUpperInvariant(), 10));
    }

    private static string Table(AuditStoreKind kind, string name) => kind == AuditStoreKind.Sqlite ? name : "audit." + name;

    private static async Task<long> IndexedUptoAsync(TestStore db) =>
        Convert.ToInt64(await db.ScalarAsync($"SELECT indexed_upto FROM {Table(db.Kind, "audit_subject_index")} WHERE id = 1"));
}
