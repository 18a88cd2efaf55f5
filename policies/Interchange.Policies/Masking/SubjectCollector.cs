using System.Text;

namespace Interchange.Policies.Masking;

/// <summary>
/// Collects, while a response is masked, the raw value of each record's subject field (an entry's
/// <c>subject</c>, e.g. <c>id_number</c>) — also when the consumer may not see that field — so the audit
/// record can name whose data was returned. The values are personal: the caller hashes them and drops them.
/// </summary>
public sealed class SubjectCollector
{
    private readonly List<string> _values = [];

    public SubjectCollector(string field)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        Field = field;
        FieldUtf8 = Encoding.UTF8.GetBytes(field);
    }

    public string Field { get; }

    internal byte[] FieldUtf8 { get; }

    /// <summary>The subject values seen, in the order of the records (repeats kept).</summary>
    public IReadOnlyList<string> Values => _values;

    internal void Add(string value) => _values.Add(value);
}
