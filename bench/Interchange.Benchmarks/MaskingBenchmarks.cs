using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Interchange.Policies.Fields;
using Interchange.Policies.Masking;
using Interchange.Samples;

namespace Interchange.Benchmarks;

/// <summary>Streamed field masking per response size (target: ≤ 3 µs of CPU per KB).</summary>
[MemoryDiagnoser]
public class MaskingBenchmarks
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private byte[] _payload = null!;
    private MaskingContext _context = null!;
    private string _subjectField = null!;

    // Reused, so the streamed figures are the masker's own: a fresh MemoryStream growing to the answer's size
    // allocated about twice the answer per call, more than the masker itself.
    private readonly MemoryStream _destination = new(64 * 1024);

    [Params(1, 32)]
    public int Kilobytes { get; set; }

    [Params("business-licenses", "household-registration")]
    public string Dataset { get; set; } = "";

    public double PayloadKilobytes => _payload.Length / 1024.0;

    [GlobalSetup]
    public void Setup()
    {
        var policies = DemoPolicies.Load();
        policies.TryGetEntry(Dataset, out var entry);
        var purpose = entry!.Purposes.Keys.First();
        _context = new MaskingContext(entry.PlanFor(purpose, "sz-civil-affairs"), "sz-civil-affairs", new Pseudonymiser(new byte[32]));
        _subjectField = entry.SubjectField ?? "id";

        // A page of real demo records, as many as fit the size.
        var records = new List<IReadOnlyDictionary<string, object?>>();
        var json = Array.Empty<byte>();
        foreach (var record in DemoData.Records(Dataset))
        {
            records.Add(record);
            var next = JsonSerializer.SerializeToUtf8Bytes(new { records, total = 300, limit = records.Count, offset = 0 }, Json);
            if (next.Length > Kilobytes * 1024)
            {
                break;
            }

            json = next;
        }

        _payload = json.Length > 0 ? json : Encoding.UTF8.GetBytes("{}");
    }

    [Benchmark]
    public int Mask() => JsonRecordMasker.Mask(_payload, _context).Length;

    [Benchmark]
    public async Task<long> MaskStream()
    {
        using var source = new MemoryStream(_payload, writable: false);
        _destination.SetLength(0);
        await JsonRecordMasker.MaskAsync(source, _destination, _context, CancellationToken.None);
        return _destination.Length;
    }

    /// <summary>The gateway's path for entries naming a subject field (both demo lists): each record's subject is collected for the audit.</summary>
    [Benchmark]
    public async Task<int> MaskStreamWithSubjects()
    {
        using var source = new MemoryStream(_payload, writable: false);
        _destination.SetLength(0);
        var subjects = new SubjectCollector(_subjectField);
        await JsonRecordMasker.MaskAsync(source, _destination, _context with { Subjects = subjects }, CancellationToken.None);
        return subjects.Values.Count;
    }
}
