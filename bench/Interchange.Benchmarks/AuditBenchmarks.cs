using BenchmarkDotNet.Attributes;
using Interchange.Audit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Interchange.Benchmarks;

/// <summary>Durable, group-committed audit appends (target: ≥ 20,000 records/s).</summary>
[MemoryDiagnoser]
public class AuditBenchmarks
{
    private SqliteAuditLog _log = null!;
    private string _directory = "";
    private AuditRecord _record = null!;

    /// <summary>Requests in flight at once, as concurrent gateway requests would be.</summary>
    [Params(1, 32, 256)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("interchange-bench-").FullName;
        _log = new SqliteAuditLog(Options.Create(new AuditOptions { DatabasePath = Path.Combine(_directory, "audit.db") }), NullLogger<SqliteAuditLog>.Instance);
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
        Directory.Delete(_directory, recursive: true);
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
}
