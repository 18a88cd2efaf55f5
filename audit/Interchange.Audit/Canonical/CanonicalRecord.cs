using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Interchange.Audit.Subjects;

namespace Interchange.Audit.Canonical;

/// <summary>
/// The one byte form of an <see cref="AuditRecord"/> that the Merkle tree hashes and auditors
/// export; specified in <c>audit/README.md</c>, "Canonical record bytes". Fields are positional,
/// fixed-width integers are big-endian and strings are length-prefixed UTF-8, so there is exactly
/// one encoding per record and the decoder accepts only that encoding.
/// </summary>
/// <remarks>
/// <see cref="AuditRecord.LeafIndex"/> is not encoded: it is the entry's position in the tree,
/// which the tree already proves. Time is encoded as unix microseconds (as stored), so the offset
/// and any sub-microsecond ticks of a record's time do not change its bytes.
/// </remarks>
public static class CanonicalRecord
{
    /// <summary>The first byte of a record without subjects. A new layout gets a new version; old leaves keep theirs forever.</summary>
    public const byte Version = 1;

    /// <summary>
    /// The first byte of a record with subjects: version 1's layout followed by the subject hashes. A
    /// record has exactly one encoding: version 2 exactly when it has at least one subject.
    /// </summary>
    public const byte VersionWithSubjects = 2;

    internal const byte Absent = 0x00;
    internal const byte Present = 0x01;
    internal const byte Allowed = 0x00;
    internal const byte Denied = 0x01;

    // Strict in both directions: a lone surrogate or invalid UTF-8 would otherwise be replaced by
    // U+FFFD, letting two different records share one encoding.
    internal static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    internal static readonly long MinMicroseconds = UnixMicroseconds.From(DateTimeOffset.MinValue);
    internal static readonly long MaxMicroseconds = UnixMicroseconds.From(DateTimeOffset.MaxValue);

    /// <summary>Encodes a record; equal content always gives equal bytes.</summary>
    /// <exception cref="ArgumentException">
    /// A required string or the field list (or one of its names) is null, a string is not valid
    /// UTF-16, the decision is not a defined value, or the subjects are not distinct ascending keyed hashes.
    /// </exception>
    public static byte[] Encode(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (SubjectHashes.Problem(record.Subjects) is { } problem)
        {
            throw new ArgumentException(problem, nameof(record));
        }

        var withSubjects = record.Subjects.Count > 0;
        var output = new ArrayBufferWriter<byte>(withSubjects ? 256 + (record.Subjects.Count * 68) : 256);
        WriteByte(output, withSubjects ? VersionWithSubjects : Version);
        WriteInt64(output, UnixMicroseconds.From(record.Time));
        WriteRequired(output, record.Kind, nameof(AuditRecord.Kind));
        WriteRequired(output, record.RequestId, nameof(AuditRecord.RequestId));
        WriteRequired(output, record.Agency, nameof(AuditRecord.Agency));
        WriteOptional(output, record.Dataset, nameof(AuditRecord.Dataset));
        WriteOptional(output, record.Purpose, nameof(AuditRecord.Purpose));
        WriteOptional(output, record.Case, nameof(AuditRecord.Case));
        WriteByte(output, record.Decision switch
        {
            AuditDecision.Allowed => Allowed,
            AuditDecision.Denied => Denied,
            _ => throw new ArgumentException($"Undefined decision {(int)record.Decision}.", nameof(record)),
        });
        WriteOptional(output, record.Problem, nameof(AuditRecord.Problem));
        WriteOptional(output, record.Rule, nameof(AuditRecord.Rule));
        WriteInt32(output, record.Status);
        WriteFields(output, record.Fields);
        WriteOptional(output, record.Detail, nameof(AuditRecord.Detail));
        if (withSubjects)
        {
            WriteUInt32(output, (uint)record.Subjects.Count);
            foreach (var subject in record.Subjects)
            {
                WriteString(output, subject, "subject");
            }
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Decodes exactly one canonical encoding. <see cref="AuditRecord.LeafIndex"/> is 0 (the
    /// caller knows the position) and <see cref="AuditRecord.Time"/> is UTC.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// An unknown version, a truncated or overlong value, trailing bytes, a flag or decision byte
    /// other than 0x00/0x01, invalid UTF-8, a time outside <see cref="DateTimeOffset"/>'s range, or
    /// (version 2) a subject list that is empty, unordered, repeated or not of keyed hashes.
    /// </exception>
    public static AuditRecord Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var version = reader.ReadByte("version");
        if (version is not (Version or VersionWithSubjects))
        {
            throw new InvalidDataException($"Unknown canonical record version {version}.");
        }

        var record = new AuditRecord
        {
            Time = reader.ReadTime(),
            Kind = reader.ReadString(nameof(AuditRecord.Kind)),
            RequestId = reader.ReadString(nameof(AuditRecord.RequestId)),
            Agency = reader.ReadString(nameof(AuditRecord.Agency)),
            Dataset = reader.ReadOptionalString(nameof(AuditRecord.Dataset)),
            Purpose = reader.ReadOptionalString(nameof(AuditRecord.Purpose)),
            Case = reader.ReadOptionalString(nameof(AuditRecord.Case)),
            Decision = reader.ReadByte(nameof(AuditRecord.Decision)) switch
            {
                Allowed => AuditDecision.Allowed,
                Denied => AuditDecision.Denied,
                var other => throw new InvalidDataException($"Unknown decision byte {other}."),
            },
            Problem = reader.ReadOptionalString(nameof(AuditRecord.Problem)),
            Rule = reader.ReadOptionalString(nameof(AuditRecord.Rule)),
            Status = reader.ReadInt32(nameof(AuditRecord.Status)),
            Fields = reader.ReadStringList(nameof(AuditRecord.Fields)),
            Detail = reader.ReadOptionalString(nameof(AuditRecord.Detail)),
        };
        if (version == VersionWithSubjects)
        {
            var subjects = reader.ReadStringList("subjects");
            if (subjects.Count == 0)
            {
                throw new InvalidDataException("A version 2 record must have subjects; without them it is version 1.");
            }

            if (SubjectHashes.Problem(subjects) is { } problem)
            {
                throw new InvalidDataException(problem);
            }

            record = record with { Subjects = subjects };
        }

        reader.EnsureEnd();
        return record;
    }

    private static void WriteByte(ArrayBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    private static void WriteInt32(ArrayBufferWriter<byte> output, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(sizeof(int)), value);
        output.Advance(sizeof(int));
    }

    private static void WriteUInt32(ArrayBufferWriter<byte> output, uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(sizeof(uint)), value);
        output.Advance(sizeof(uint));
    }

    private static void WriteInt64(ArrayBufferWriter<byte> output, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(output.GetSpan(sizeof(long)), value);
        output.Advance(sizeof(long));
    }

    private static void WriteRequired(ArrayBufferWriter<byte> output, string? value, string field)
    {
        if (value is null)
        {
            throw new ArgumentException($"An audit record's {field} may be empty but not null.");
        }

        WriteString(output, value, field);
    }

    private static void WriteOptional(ArrayBufferWriter<byte> output, string? value, string field)
    {
        if (value is null)
        {
            WriteByte(output, Absent);
            return;
        }

        WriteByte(output, Present);
        WriteString(output, value, field);
    }

    private static void WriteFields(ArrayBufferWriter<byte> output, IReadOnlyList<string>? fields)
    {
        if (fields is null)
        {
            throw new ArgumentException("An audit record's fields may be empty but not null.");
        }

        WriteUInt32(output, (uint)fields.Count);
        foreach (var name in fields)
        {
            WriteRequired(output, name, "field name");
        }
    }

    private static void WriteString(ArrayBufferWriter<byte> output, string value, string field)
    {
        int length;
        try
        {
            length = Utf8.GetByteCount(value);
        }
        catch (EncoderFallbackException exception)
        {
            throw new ArgumentException($"An audit record's {field} is not valid UTF-16 text.", exception);
        }

        WriteUInt32(output, (uint)length);
        var written = Utf8.GetBytes(value, output.GetSpan(length));
        output.Advance(written);
    }
}
