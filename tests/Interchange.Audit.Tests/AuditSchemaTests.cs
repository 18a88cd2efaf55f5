using Microsoft.Data.Sqlite;

namespace Interchange.Audit.Tests;

public sealed class AuditSchemaTests
{
    [Fact]
    public async Task Schema_HoldsNoColumnForTokensSecretsOrFieldValues()
    {
        using var db = new TempDatabase();
        await using var log = db.OpenLog();

        var columns = Columns(db);

        Assert.Equal(
            ["leaf_index", "time_us", "kind", "request_id", "agency", "dataset", "purpose", "case_ref", "decision", "problem", "rule", "status", "fields", "detail", "leaf_hash", "subjects"],
            columns);
        Assert.DoesNotContain(columns, c => c.Contains("token", StringComparison.Ordinal)
            || c.Contains("secret", StringComparison.Ordinal)
            || c.Contains("authorization", StringComparison.Ordinal)
            || c.Contains("value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Schema_IsInWalModeAndRefusesUpdatesAndDeletes()
    {
        using var db = new TempDatabase();
        await using var log = db.OpenLog();
        await log.AppendAsync(TestRecords.Allowed());
        using var connection = db.Connect();

        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Throws<SqliteException>(() => Scalar(connection, "UPDATE audit_records SET agency = 'someone-else';"));
        Assert.Throws<SqliteException>(() => Scalar(connection, "DELETE FROM audit_records;"));
        Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM audit_records;"));
    }

    [Fact]
    public async Task Schema_CreatedAtOnceByALogAndReaders_IsUsableByAll()
    {
        for (var round = 0; round < 5; round++)
        {
            using var db = new TempDatabase();

            var log = Task.Run(() => db.OpenLog());
            var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() => db.OpenReader())).ToArray();
            await using var opened = await log;
            var opens = await Task.WhenAll(readers);

            Assert.Equal(0, await opened.AppendAsync(TestRecords.Allowed()));
            Assert.Equal(1, await opens[0].CountAsync());
        }
    }

    private static List<string> Columns(TempDatabase db)
    {
        using var connection = db.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info('audit_records') ORDER BY cid;";
        using var rows = command.ExecuteReader();
        var names = new List<string>();
        while (rows.Read())
        {
            names.Add(rows.GetString(0));
        }

        return names;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
