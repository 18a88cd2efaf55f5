using BenchmarkDotNet.Attributes;
using Interchange.Audit;
using Interchange.Audit.Canonical;
using Interchange.Audit.Subjects;

namespace Interchange.Benchmarks;

/// <summary>
/// What the gateway spends per audit record before it is queued: the subjects' keyed hashes
/// (<see cref="SubjectHasher.HashAll"/>, one HMAC-SHA-256 per record of the answer) and the canonical bytes the Merkle
/// leaf is hashed from (<see cref="CanonicalRecord.Encode"/>). <see cref="Subjects"/>: 0 (a dataset without a subject
/// field, or a refusal), 2 (a 1 KB page of business licences), 70 (a 32 KB page).
/// </summary>
[MemoryDiagnoser]
public class AuditEncodingBenchmarks
{
    private SubjectHasher _hasher = null!;
    private string[] _identifiers = [];
    private AuditRecord _record = null!;

    [Params(0, 2, 70)]
    public int Subjects { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _hasher = new SubjectHasher(new byte[SubjectHasher.KeySize]);
        _identifiers = Samples.DemoData.Records("business-licenses").Take(Subjects).Select(r => (string)r["uscc"]!).ToArray();
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
            Fields = ["uscc", "company_name", "legal_representative", "registered_capital", "established_date", "business_scope", "address", "status", "registration_authority"],
            Subjects = _hasher.HashAll(_identifiers),
        };
    }

    [GlobalCleanup]
    public void Cleanup() => _hasher.Dispose();

    [Benchmark]
    public int HashSubjects() => _hasher.HashAll(_identifiers).Count;

    [Benchmark]
    public int Encode() => CanonicalRecord.Encode(_record).Length;
}
