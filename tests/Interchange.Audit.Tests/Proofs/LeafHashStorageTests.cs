using Interchange.Audit.Canonical;
using Interchange.Audit.Merkle;
using Interchange.Audit.Proofs;
using Interchange.Audit.Tests.Merkle;
using Microsoft.Data.Sqlite;
using Interchange.Audit.Tests.Stores;

namespace Interchange.Audit.Tests.Proofs;

public sealed class LeafHashStorageTests
{
    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task AppendAsync_StoresTheLeafHashOfTheCanonicalRecord(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        AuditRecord[] records = [TestRecords.Allowed(1), TestRecords.Denied(2), TestRecords.Allowed(3) with { Case = null, Detail = "" }];
        await using (var log = db.OpenLog())
        {
            foreach (var record in records)
            {
                await log.AppendAsync(record);
            }
        }

        var stored = await db.StoredLeafHashesAsync();

        Assert.Equal(records.Select(r => NaiveMerkle.Leaf(CanonicalRecord.Encode(r))), stored);
        Assert.Equal((await StoredLog.CanonicalEntriesAsync(db)).Select(NaiveMerkle.Leaf), stored);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task ReadBack_TimeWithOffsetAndSubMicrosecondTicks_ReEncodesToTheHashedBytes(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        // 7 ticks below a microsecond and a +08:00 offset: neither is stored, neither is encoded.
        var time = new DateTimeOffset(2026, 11, 2, 17, 30, 0, TimeSpan.FromHours(8)).AddTicks(1_234_567);
        var before = new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(-3);
        AuditRecord[] written =
        [
            // PostgreSQL text cannot hold U+0000 (such a record is refused alone: PostgresAuditLogTests); SQLite's can.
            TestRecords.Allowed(1) with { Time = time, Fields = ["名称", "e\u0301", "\"quoted\"", "", "nul\0"], Detail = kind == AuditStoreKind.Sqlite ? "tab\tnewline\nnul\0" : "tab\tnewline\n" },
            TestRecords.Denied(2) with { Time = before, Purpose = "", Case = "" },
        ];
        await using (var log = db.OpenLog())
        {
            foreach (var record in written)
            {
                await log.AppendAsync(record);
            }
        }

        var readBack = await StoredLog.CanonicalEntriesAsync(db);
        var stored = await db.StoredLeafHashesAsync();

        for (var i = 0; i < written.Length; i++)
        {
            Assert.Equal(CanonicalRecord.Encode(written[i]), readBack[i]);
            Assert.Equal(MerkleHash.LeafHash(readBack[i]), stored[i]);
        }
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task AppendAsync_RecordWithNoCanonicalForm_FailsOnlyItsOwnAppend(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await using var log = db.OpenLog();

        var good = log.AppendAsync(TestRecords.Allowed(1)).AsTask();
        Assert.Throws<ArgumentException>(() => log.AppendAsync(TestRecords.Allowed(2) with { Detail = "lone \uD800 surrogate" }).AsTask().IsCompleted);

        Assert.Equal(0, await good);
        Assert.Equal(1, await log.AppendAsync(TestRecords.Allowed(3)));
    }

    [Fact]
    public async Task Open_FileWrittenBeforeLeafHashes_RebuildsTheTableWithHashesAndKeepsItAppendOnly()
    {
        using var db = new TempDatabase();
        AuditRecord[] old = [TestRecords.Allowed(0), TestRecords.Denied(1), TestRecords.Allowed(2)];
        CreateVersion1File(db, old);

        await using (var log = db.OpenLog())
        {
            Assert.Equal(3, await log.AppendAsync(TestRecords.Denied(3)));
        }

        var expected = old.Append(TestRecords.Denied(3)).Select(r => NaiveMerkle.Leaf(CanonicalRecord.Encode(r))).ToList();
        Assert.Equal(expected, StoredLog.StoredLeafHashes(db));
        using var tree = db.OpenTree();
        Assert.Equal(new TreeHead(4, NaiveMerkle.Mth(old.Append(TestRecords.Denied(3)).Select(CanonicalRecord.Encode).ToArray())), await tree.HeadAsync());
        using var connection = db.Connect();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE audit_records SET agency = 'someone-else';";
        Assert.Throws<SqliteException>(() => update.ExecuteNonQuery());
        using var indexes = connection.CreateCommand();
        indexes.CommandText = "SELECT COUNT(*) FROM sqlite_schema WHERE tbl_name = 'audit_records' AND type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_%';";
        Assert.Equal(5L, indexes.ExecuteScalar());
    }

    [Fact]
    public async Task Open_FileWrittenBeforeLeafHashes_IsUpgradedOnceWhenOpenedByManyAtOnce()
    {
        using var db = new TempDatabase();
        CreateVersion1File(db, Enumerable.Range(0, 50).Select(i => TestRecords.Allowed(i)).ToArray());

        var opens = Enumerable.Range(0, 4).Select(_ => Task.Run(() => db.OpenReader())).ToArray();
        var readers = await Task.WhenAll(opens);

        Assert.Equal(50, StoredLog.StoredLeafHashes(db).Count);
        Assert.Equal(50, await readers[0].CountAsync());
    }

    /// <summary>The schema and rows as the log wrote them before leaf hashes were stored.</summary>
    private static void CreateVersion1File(TempDatabase db, AuditRecord[] records)
    {
        Directory.CreateDirectory(db.DirectoryPath);
        using var connection = db.Connect();
        using var create = connection.CreateCommand();
        create.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE audit_records (
                leaf_index INTEGER PRIMARY KEY, time_us INTEGER NOT NULL, kind TEXT NOT NULL,
                request_id TEXT NOT NULL, agency TEXT NOT NULL, dataset TEXT, purpose TEXT, case_ref TEXT,
                decision TEXT NOT NULL CHECK (decision IN ('allowed', 'denied')), problem TEXT, rule TEXT,
                status INTEGER NOT NULL, fields TEXT NOT NULL, detail TEXT, CHECK (leaf_index >= 0)
            ) STRICT;
            CREATE INDEX ix_audit_records_agency ON audit_records (agency, leaf_index);
            CREATE INDEX ix_audit_records_dataset ON audit_records (dataset, leaf_index);
            CREATE INDEX ix_audit_records_time ON audit_records (time_us);
            CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
            BEGIN SELECT RAISE(ABORT, 'audit_records is append-only'); END;
            CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
            BEGIN SELECT RAISE(ABORT, 'audit_records is append-only'); END;
            """;
        create.ExecuteNonQuery();
        for (var i = 0; i < records.Length; i++)
        {
            var r = records[i];
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO audit_records VALUES ($i, $t, $k, $r, $a, $d, $p, $c, $dec, $pr, $ru, $s, $f, $de);";
            insert.Parameters.AddWithValue("$i", i);
            insert.Parameters.AddWithValue("$t", (r.Time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
            insert.Parameters.AddWithValue("$k", r.Kind);
            insert.Parameters.AddWithValue("$r", r.RequestId);
            insert.Parameters.AddWithValue("$a", r.Agency);
            insert.Parameters.AddWithValue("$d", (object?)r.Dataset ?? DBNull.Value);
            insert.Parameters.AddWithValue("$p", (object?)r.Purpose ?? DBNull.Value);
            insert.Parameters.AddWithValue("$c", (object?)r.Case ?? DBNull.Value);
            insert.Parameters.AddWithValue("$dec", r.Decision == AuditDecision.Allowed ? "allowed" : "denied");
            insert.Parameters.AddWithValue("$pr", (object?)r.Problem ?? DBNull.Value);
            insert.Parameters.AddWithValue("$ru", (object?)r.Rule ?? DBNull.Value);
            insert.Parameters.AddWithValue("$s", r.Status);
            insert.Parameters.AddWithValue("$f", "[" + string.Join(",", r.Fields.Select(f => $"\"{f}\"")) + "]");
            insert.Parameters.AddWithValue("$de", (object?)r.Detail ?? DBNull.Value);
            insert.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
    }
}
