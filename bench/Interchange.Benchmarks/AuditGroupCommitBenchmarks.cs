using BenchmarkDotNet.Attributes;
using Interchange.Audit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Interchange.Benchmarks;

/// <summary>
/// The group-commit lever, switched off by the writer's batch size: 32 concurrent writers (the side-by-side harness's
/// connections) appending durably to SQLite with <c>MaxBatch</c> 1 (one transaction and flush per record, as without
/// group commit) and 1,024 (the default). The gateway does not expose the batch size in its configuration, so the
/// lever is measured here rather than in the side-by-side table. <see cref="Subjects"/>: records without subjects, and
/// with the 70 subject hashes of a 32 KB page of business licences (each also a row of the subject index).
/// </summary>
[MemoryDiagnoser]
public class AuditGroupCommitBenchmarks
{
    private const int Writers = 32;
    private const int Records = 1024;
    private SqliteAuditLog _log = null!;
    private string _directory = "";
    private AuditRecord _record = null!;

    [Params(1, 1024)]
    public int MaxBatch { get; set; }

    [Params(0, 70)]
    public int Subjects { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("interchange-bench-").FullName;
        _log = new SqliteAuditLog(
            Options.Create(new AuditOptions { DatabasePath = Path.Combine(_directory, "audit.db"), MaxBatch = MaxBatch }),
            NullLogger<SqliteAuditLog>.Instance);
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
        if (Subjects > 0)
        {
            using var hasher = new Interchange.Audit.Subjects.SubjectHasher(new byte[Interchange.Audit.Subjects.SubjectHasher.KeySize]);
            _record = _record with
            {
                Subjects = hasher.HashAll(Samples.DemoData.Records("business-licenses").Take(Subjects).Select(r => (string)r["uscc"]!)),
            };
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _log.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public async Task AppendDurable()
    {
        var writers = new Task[Writers];
        for (var w = 0; w < Writers; w++)
        {
            writers[w] = Task.Run(async () =>
            {
                for (var i = 0; i < Records / Writers; i++)
                {
                    await _log.AppendAsync(_record);
                }
            });
        }

        await Task.WhenAll(writers);
    }
}
