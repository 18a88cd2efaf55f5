using System.Buffers.Binary;
using System.Text;

namespace Interchange.Audit.Canonical;

/// <summary>
/// Reads the parts of <see cref="CanonicalRecord"/>'s byte form front to back. Every malformed
/// input ends in <see cref="InvalidDataException"/>, and every accepted value re-encodes to the
/// bytes it was read from, so a decoded record's canonical bytes are the bytes that were hashed.
/// </summary>
internal ref struct CanonicalReader
{
    private ReadOnlySpan<byte> _rest;

    public CanonicalReader(ReadOnlySpan<byte> bytes) => _rest = bytes;

    public byte ReadByte(string field) => Take(1, field)[0];

    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32BigEndian(Take(sizeof(int), field));

    public DateTimeOffset ReadTime()
    {
        var microseconds = BinaryPrimitives.ReadInt64BigEndian(Take(sizeof(long), nameof(AuditRecord.Time)));
        if (microseconds < CanonicalRecord.MinMicroseconds || microseconds > CanonicalRecord.MaxMicroseconds)
        {
            throw new InvalidDataException("The record's time is outside the range of a date.");
        }

        return UnixMicroseconds.ToTime(microseconds);
    }

    public string ReadString(string field)
    {
        var length = BinaryPrimitives.ReadUInt32BigEndian(Take(sizeof(uint), field));
        // Checked against what is left before anything is allocated, so a forged length cannot
        // make the decoder allocate gigabytes.
        if (length > (uint)_rest.Length)
        {
            throw new InvalidDataException($"The record's {field} is longer than the bytes that remain.");
        }

        var utf8 = Take((int)length, field);
        try
        {
            return CanonicalRecord.Utf8.GetString(utf8);
        }
        catch (DecoderFallbackException exception)
        {
            throw new InvalidDataException($"The record's {field} is not valid UTF-8.", exception);
        }
    }

    public string? ReadOptionalString(string field) => ReadByte(field) switch
    {
        CanonicalRecord.Absent => null,
        CanonicalRecord.Present => ReadString(field),
        var other => throw new InvalidDataException($"Unknown presence byte {other} for the record's {field}."),
    };

    public IReadOnlyList<string> ReadStringList(string field)
    {
        var count = BinaryPrimitives.ReadUInt32BigEndian(Take(sizeof(uint), field));
        // Each name takes at least its 4-byte length, which bounds the list before allocating it.
        if (count > (uint)_rest.Length / sizeof(uint))
        {
            throw new InvalidDataException($"The record's {field} count exceeds the bytes that remain.");
        }

        var names = new List<string>((int)count);
        for (var i = 0; i < count; i++)
        {
            names.Add(ReadString(field));
        }

        return names;
    }

    public readonly void EnsureEnd()
    {
        if (!_rest.IsEmpty)
        {
            throw new InvalidDataException($"{_rest.Length} trailing bytes after the record.");
        }
    }

    private ReadOnlySpan<byte> Take(int length, string field)
    {
        if (_rest.Length < length)
        {
            throw new InvalidDataException($"The record ends inside its {field}.");
        }

        var taken = _rest[..length];
        _rest = _rest[length..];
        return taken;
    }
}
