using System.Data.Common;
using Interchange.Audit.Canonical;
using Interchange.Audit.Subjects;
using Interchange.Audit.Tests.Merkle;
using Interchange.Audit.Tests.Proofs;
using Microsoft.Data.Sqlite;
using Interchange.Audit.Tests.Stores;

namespace Interchange.Audit.Tests.Subjects;

/// <summary>Subject hashes go into the log with their record, and the subject access report finds them.</summary>
public sealed class SubjectIndexTests
{
    private static readonly SubjectHasher Hasher = new([.. Enumerable.Range(0, 32).Select(i => (byte)i)]);
    private static readonly string Alice = Hasher.Hash("11010519491231002X")!;
    private static readonly string Bob = Hasher.Hash("440305198802150011")!;
    private static readonly string Carol = Hasher.Hash("440305199001010022")!;

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task SubjectRecords_GivesEveryRecordNamingTheSubject_OldestFirst_WithLeafIndexes(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await using (var log = db.OpenLog())
        {
            await log.AppendAsync(TestRecords.Allowed(0) with { Subjects = Hasher.HashAll(["11010519491231002X", "440305198802150011"]) });
            await log.AppendAsync(TestRecords.Denied(1));
            await log.AppendAsync(TestRecords.Allowed(2) with { Subjects = [Bob] });
            await log.AppendAsync(TestRecords.Allowed(3) with { Subjects = [Alice] });
        }

        var reader = db.OpenReader();
        var alice = await reader.SubjectRecordsAsync(Alice, 100);
        var bob = await reader.SubjectRecordsAsync(Bob, 100);
        var carol = await reader.SubjectRecordsAsync(Carol, 100);

        Assert.Equal([0L, 3L], alice.Records.Select(r => r.LeafIndex));
        Assert.Equal(2, alice.TotalCount);
        Assert.False(alice.HasNextPage);
        Assert.Equal([0L, 2L], bob.Records.Select(r => r.LeafIndex));
        Assert.Empty(carol.Records);
        Assert.Equal(Hasher.HashAll(["11010519491231002X", "440305198802150011"]), alice.Records[0].Subjects);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task SubjectRecords_MoreThanTheLimit_SaysSo(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await using (var log = db.OpenLog())
        {
            for (var i = 0; i < 5; i++)
            {
                await log.AppendAsync(TestRecords.Allowed(i) with { Subjects = [Alice] });
            }
        }

        var page = await db.OpenReader().SubjectRecordsAsync(Alice, 3);

        Assert.Equal([0L, 1L, 2L], page.Records.Select(r => r.LeafIndex));
        Assert.True(page.HasNextPage);
        Assert.Equal(5, page.TotalCount);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Subjects_AreHashedIntoTheLeaf_SoChangingThemIsDetected(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var record = TestRecords.Allowed(0) with { Subjects = [Alice] };
        await using (var log = db.OpenLog())
        {
            await log.AppendAsync(record);
        }

        var stored = Assert.Single(await db.StoredLeafHashesAsync());

        Assert.Equal(NaiveMerkle.Leaf(CanonicalRecord.Encode(record)), stored);
        Assert.NotEqual(NaiveMerkle.Leaf(CanonicalRecord.Encode(record with { Subjects = [Bob] })), stored);
        Assert.NotEqual(NaiveMerkle.Leaf(CanonicalRecord.Encode(record with { Subjects = [] })), stored);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Append_MalformedSubjects_IsRefusedAndNothingIsWritten(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await using var log = db.OpenLog();

        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(TestRecords.Allowed(0) with { Subjects = ["11010519491231002X"] }).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(TestRecords.Allowed(0) with { Subjects = new[] { Bob, Alice }.Order(StringComparer.Ordinal).Reverse().ToArray() }).AsTask());

        Assert.Equal(0, await db.OpenReader().CountAsync());
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task SubjectIndex_IsAppendOnly(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await using (var log = db.OpenLog())
        {
            await log.AppendAsync(TestRecords.Allowed(0) with { Subjects = [Alice] });
        }

        var table = kind == AuditStoreKind.Sqlite ? "audit_subjects" : "audit.audit_subjects";
        await Assert.ThrowsAnyAsync<DbException>(() => db.ScalarAsync($"UPDATE {table} SET leaf_index = 5;"));
        await Assert.ThrowsAnyAsync<DbException>(() => db.ScalarAsync($"DELETE FROM {table};"));
        if (kind == AuditStoreKind.Postgres)
        {
            await Assert.ThrowsAnyAsync<DbException>(() => db.ScalarAsync($"TRUNCATE {table};"));
        }

        Assert.Single((await db.OpenReader().SubjectRecordsAsync(Alice, 10)).Records);
    }

    [Fact]
    public async Task Open_FileWrittenBeforeSubjects_GainsTheColumnAndKeepsItsLeafHashes()
    {
        using var db = new TempDatabase();
        await using (var log = db.OpenLog())
        {
            await log.AppendAsync(TestRecords.Allowed(0));
            await log.AppendAsync(TestRecords.Denied(1));
        }

        var before = StoredLog.StoredLeafHashes(db);
        // Take the file back to its shape before subjects were recorded.
        using (var connection = db.Connect())
        using (var downgrade = connection.CreateCommand())
        {
            downgrade.CommandText = "DROP TABLE audit_subjects; ALTER TABLE audit_records DROP COLUMN subjects;";
            downgrade.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();

        await using (var log = db.OpenLog())
        {
            Assert.Equal(2, await log.AppendAsync(TestRecords.Allowed(2) with { Subjects = [Alice] }));
        }

        var reader = db.OpenReader();
        var all = await reader.QueryAsync(new AuditQuery());
        Assert.Equal(before, StoredLog.StoredLeafHashes(db).Take(2));
        Assert.All(all.Records.Take(2), r => Assert.Empty(r.Subjects));
        Assert.Equal([2L], (await reader.SubjectRecordsAsync(Alice, 10)).Records.Select(r => r.LeafIndex));
    }
}
