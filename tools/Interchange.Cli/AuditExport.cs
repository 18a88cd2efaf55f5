using System.Text.Json;

namespace Interchange.Cli;

/// <summary>
/// An export of the audit log at one tree size: every entry with its inclusion proof at that size.
/// An altered entry cannot carry a proof that verifies against the signed root, which is what lets
/// the verifier name the first bad index.
/// </summary>
internal sealed record AuditExport(long TreeSize, IReadOnlyList<ExportedEntry> Entries)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static AuditExport Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<AuditExport>(File.ReadAllBytes(path), Json)
                ?? throw new InvalidDataException($"{path}: empty export.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not an audit export ({e.Message}).", e);
        }
    }

    public void Write(string path) => File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(this, Json));
}

/// <summary>One entry: its claimed index, its canonical bytes, and its inclusion proof.</summary>
internal sealed record ExportedEntry(long Index, byte[] Data, IReadOnlyList<byte[]> Proof);
