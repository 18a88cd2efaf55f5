using BenchmarkDotNet.Attributes;
using Interchange.Audit;
using Interchange.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Interchange.Benchmarks;

/// <summary>
/// Durable, group-committed audit appends (target: ≥ 20,000 records/s), on SQLite and — when
/// <c>INTERCHANGE_BENCH_POSTGRES</c> holds the connection string of a role that may create databases — on
/// PostgreSQL, in a database created for the run and dropped after it.
/// </summary>
[MemoryDiagnoser]
public class AuditBenchmarks
{
    private const string PostgresVariable = "INTERCHANGE_BENCH_POSTGRES";

    private GroupCommitAuditLog _log = null!;
    private string _directory = "";
    private string _database = "";
    private AuditRecord _record = null!;

    /// <summary>Requests in flight at once, as concurrent gateway requests would be.</summary>
    [Params(1, 32, 256)]
    public int Concurrency { get; set; }

    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "";

    /// <summary>SQLite always; PostgreSQL only when a server is configured, so the suite runs anywhere.</summary>
    public static IEnumerable<string> Stores() =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresVariable)) ? ["Sqlite"] : ["Sqlite", "Postgres"];

    [GlobalSetup]
    public void Setup()
    {
        if (Store == "Postgres")
        {
            var server = Environment.GetEnvironmentVariable(PostgresVariable)!;
            _database = $"interchange_bench_{Guid.NewGuid():N}";
            Execute(server, $"CREATE DATABASE \"{_database}\"");
            var options = new AuditOptions
            {
                Provider = StorageProvider.Postgres,
                ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = _database }.ConnectionString,
            };
            _log = new PostgresAuditLog(Options.Create(options), NullLogger<PostgresAuditLog>.Instance);
        }
        else
        {
            _directory = Directory.CreateTempSubdirectory("interchange-bench-").FullName;
            _log = new SqliteAuditLog(Options.Create(new AuditOptions { DatabasePath = Path.Combine(_directory, "audit.db") }), NullLogger<SqliteAuditLog>.Instance);
        }

        _record = new AuditRecord
        {
            Time = DateTimeOffset.UtcNow,
            Kind = AuditKinds.DataAccess,
            RequestId = Guid.NewGuid().ToString("N"),
            Agency = "sz-civil-affairs",
            Dataset = "business-licenses",
            Purpose = "business-verification",
            Decision = AuditDecision.Allowed,
            Status = 200,
            Rule = "business-licenses@2026-11-01.1",
            Fields = ["uscc", "company_name", "legal_representative", "registered_capital", "established_date"],
        };
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _log.DisposeAsync();
        if (Store == "Postgres")
        {
            Execute(Environment.GetEnvironmentVariable(PostgresVariable)!, $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
        }
        else
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Appends 1,024 records with <see cref="Concurrency"/> writers, each awaiting durability.</summary>
    [Benchmark(OperationsPerInvoke = 1024)]
    public async Task AppendDurable()
    {
        var perWriter = 1024 / Concurrency;
        var writers = new Task[Concurrency];
        for (var w = 0; w < Concurrency; w++)
        {
            writers[w] = Task.Run(async () =>
            {
                for (var i = 0; i < perWriter; i++)
                {
                    await _log.AppendAsync(_record);
                }
            });
        }

        await Task.WhenAll(writers);
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
