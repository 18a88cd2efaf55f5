using System.Collections.Frozen;
using System.Text.Json;

namespace Interchange.Samples.Sources;

/// <summary>
/// One demo dataset as its source serves it. Each record is serialised once at start-up, so a request only
/// concatenates bytes: the source then costs as little as a fixed-payload endpoint, which the benchmarks rely on.
/// </summary>
internal sealed class SourceDataset
{
    private readonly byte[][] _records;
    private readonly FrozenDictionary<string, int> _byKey;

    public SourceDataset(string id, JsonSerializerOptions json)
    {
        Id = id;
        KeyField = DemoData.KeyField(id);
        var records = DemoData.Records(id);
        _records = records.Select(r => JsonSerializer.SerializeToUtf8Bytes(r, json)).ToArray();
        _byKey = records
            .Select((r, index) => (Key: (string)r[KeyField]!, index))
            .ToFrozenDictionary(r => r.Key, r => r.index, StringComparer.Ordinal);
    }

    public string Id { get; }

    public string KeyField { get; }

    public int Count => _records.Length;

    public ReadOnlySpan<byte[]> Page(int offset, int limit) =>
        offset >= _records.Length ? [] : _records.AsSpan(offset, Math.Min(limit, _records.Length - offset));

    public byte[]? Find(string key) => _byKey.TryGetValue(key, out var index) ? _records[index] : null;
}
