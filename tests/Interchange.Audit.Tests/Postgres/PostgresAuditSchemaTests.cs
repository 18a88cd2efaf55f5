using Interchange.Audit.Storage;
using Interchange.Audit.Tests.Stores;
using Interchange.Testing.Servers;
using Npgsql;

namespace Interchange.Audit.Tests.Postgres;

/// <summary>The schema step on PostgreSQL: tables as on SQLite, append-only, versioned, safe to run from many starts at once.</summary>
public sealed class PostgresAuditSchemaTests
{
    [PostgresFact]
    public async Task Schema_HasTheSQLiteColumnsAndNoneForTokensSecretsOrFieldValues()
    {
        await using var db = await PostgresTestStore.CreateAsync();
        await using var log = db.OpenLog();

        var columns = new List<string>();
        await using (var connection = await db.ConnectAsync())
        await using (var command = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'audit' AND table_name = 'audit_records' ORDER BY ordinal_position", connection))
        await using (var rows = await command.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync())
            {
                columns.Add(rows.GetString(0));
            }
        }

        Assert.Equal(
            ["leaf_index", "time_us", "kind", "request_id", "agency", "dataset", "purpose", "case_ref", "decision", "problem", "rule", "status", "fields", "detail", "leaf_hash", "subjects"],
            columns);
    }

    [PostgresFact]
    public async Task Schema_RefusesUpdateDeleteAndTruncate_EvenOfNoRow()
    {
        await using var db = await PostgresTestStore.CreateAsync();
        await using (var log = db.OpenLog())
        {
            await log.AppendAsync(TestRecords.Allowed());
        }

        foreach (var sql in new[]
        {
            "UPDATE audit.audit_records SET agency = 'someone-else'",
            "UPDATE audit.audit_records SET agency = 'someone-else' WHERE false",
            "DELETE FROM audit.audit_records",
            "DELETE FROM audit.audit_records WHERE leaf_index = 99",
            "TRUNCATE audit.audit_records",
            "TRUNCATE audit.audit_records, audit.audit_subjects CASCADE",
        })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => db.ScalarAsync(sql));
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal(1L, await db.ScalarAsync("SELECT COUNT(*) FROM audit.audit_records"));
        await Assert.ThrowsAsync<PostgresException>(() => db.ScalarAsync(
            "INSERT INTO audit.audit_records (leaf_index, time_us, kind, request_id, agency, decision, status, fields, leaf_hash) " +
            "VALUES (1, 0, 'k', 'r', 'a', 'allowed', 200, '[]', '\\x00')"));
    }

    [PostgresFact]
    public async Task Schema_CreatedAtOnceByManyStarts_IsCreatedOnceAndRecordsItsVersion()
    {
        for (var round = 0; round < 3; round++)
        {
            await using var db = await PostgresTestStore.CreateAsync();

            var logs = Enumerable.Range(0, 3).Select(_ => Task.Run(() => db.OpenLog())).ToArray();
            var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() => db.OpenReader())).ToArray();
            var opened = await Task.WhenAll(logs);
            var opens = await Task.WhenAll(readers);
            try
            {
                Assert.Equal(0, await opened[0].AppendAsync(TestRecords.Allowed()));
                Assert.Equal(1, await opened[2].AppendAsync(TestRecords.Allowed(1)));
                Assert.Equal(2, await opens[1].CountAsync());
                Assert.Equal((long)PostgresAuditSchema.CurrentVersion, await db.ScalarAsync("SELECT COUNT(*) FROM audit.schema_version"));
                Assert.Equal(PostgresAuditSchema.CurrentVersion, await db.ScalarAsync("SELECT MAX(version) FROM audit.schema_version"));
            }
            finally
            {
                foreach (var log in opened)
                {
                    await log.DisposeAsync();
                }
            }
        }
    }

    [PostgresFact]
    public async Task Open_SchemaOfANewerBuild_ThrowsAuditUnavailableNamingTheVersion()
    {
        await using var db = await PostgresTestStore.CreateAsync();
        await using (var log = db.OpenLog())
        {
            await log.AppendAsync(TestRecords.Allowed());
        }

        await db.ScalarAsync($"INSERT INTO audit.schema_version (version) VALUES ({PostgresAuditSchema.CurrentVersion + 1})");

        var error = Assert.Throws<AuditUnavailableException>(() => db.OpenLog());
        Assert.Contains("newer", error.InnerException!.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Open_DatabaseAtTheCurrentVersion_LeavesTheSchemaAsItIs()
    {
        await using var db = await PostgresTestStore.CreateAsync();
        await using (var log = db.OpenLog())
        {
            await log.AppendAsync(TestRecords.Allowed());
        }

        var before = await db.ScalarAsync("SELECT applied_at FROM audit.schema_version WHERE version = 1");
        await using (var again = db.OpenLog())
        {
            Assert.Equal(1, await again.AppendAsync(TestRecords.Allowed(1)));
        }

        Assert.Equal(before, await db.ScalarAsync("SELECT applied_at FROM audit.schema_version WHERE version = 1"));
        Assert.Equal((long)PostgresAuditSchema.CurrentVersion, await db.ScalarAsync("SELECT COUNT(*) FROM audit.schema_version"));
    }
}
