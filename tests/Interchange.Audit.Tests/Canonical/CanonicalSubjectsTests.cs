using Interchange.Audit.Canonical;

namespace Interchange.Audit.Tests.Canonical;

/// <summary>Version 2 of the canonical form: version 1's layout with the record's subject hashes appended.</summary>
public sealed class CanonicalSubjectsTests
{
    private static readonly string A = new('a', 64);
    private static readonly string B = "0123456789abcdef".PadRight(64, 'f');

    private static AuditRecord Small(params string[] subjects) => new()
    {
        Time = DateTimeOffset.UnixEpoch.AddSeconds(1.5),
        Kind = "k",
        RequestId = "r",
        Agency = "a",
        Dataset = "d",
        Case = "",
        Decision = AuditDecision.Denied,
        Rule = "x@1",
        Status = 403,
        Fields = ["f", "é"],
        Subjects = subjects,
    };

    [Fact]
    public void Encode_WithSubjects_IsVersion2WithTheHashesAppended_AsTheReadmeSpecifies()
    {
        var version1 = Convert.ToHexString(CanonicalRecord.Encode(Small()));
        var hexOfA = Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(A));
        var hexOfB = Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(B));

        var version2 = Convert.ToHexString(CanonicalRecord.Encode(Small(B, A)));

        // Same bytes as version 1 after the version byte, then a count of 2 and two 64-byte strings in ascending order.
        Assert.StartsWith("01", version1, StringComparison.Ordinal);
        Assert.Equal("02" + version1[2..] + "00000002" + "00000040" + hexOfB + "00000040" + hexOfA, version2);
    }

    [Fact]
    public void Encode_WithoutSubjects_StaysVersion1()
    {
        Assert.Equal(CanonicalRecord.Version, CanonicalRecord.Encode(Small())[0]);
        Assert.Equal(CanonicalRecord.VersionWithSubjects, CanonicalRecord.Encode(Small(A))[0]);
    }

    [Fact]
    public void Decode_OfEncode_KeepsTheSubjectsAndGivesTheSameBytes()
    {
        var bytes = CanonicalRecord.Encode(Small(B, A));

        var decoded = CanonicalRecord.Decode(bytes);

        Assert.Equal([B, A], decoded.Subjects);
        Assert.Equal(bytes, CanonicalRecord.Encode(decoded));
    }

    public static TheoryData<string[]> MalformedSubjects() =>
    [
        [A, B],                          // descending (B < A: '0' sorts before 'a')
        [A, A],                          // repeated
        [A.ToUpperInvariant()],          // upper-case hex
        [A[..63]],                       // too short
        [A + "0"],                       // too long
        [new string('g', 64)],           // not hex
        ["11010519491231002X".PadRight(64, '0')], // an identifier in clear is not a hash
    ];

    [Theory]
    [MemberData(nameof(MalformedSubjects))]
    public void Encode_MalformedSubjects_IsRefused(string[] subjects)
    {
        Assert.Throws<ArgumentException>(() => CanonicalRecord.Encode(Small() with { Subjects = subjects }));
    }

    [Theory]
    [MemberData(nameof(MalformedSubjects))]
    public void Decode_MalformedSubjects_IsRefused(string[] subjects)
    {
        var bytes = Version2WithRawSubjects(subjects);

        Assert.Throws<InvalidDataException>(() => CanonicalRecord.Decode(bytes));
    }

    [Fact]
    public void Decode_Version2WithoutSubjects_IsRefused_SoEveryRecordHasOneEncoding()
    {
        var bytes = Version2WithRawSubjects([]);

        var refused = Assert.Throws<InvalidDataException>(() => CanonicalRecord.Decode(bytes));
        Assert.Contains("version 1", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Version1WithSubjectsAppended_IsRefusedAsTrailingBytes()
    {
        var version1 = CanonicalRecord.Encode(Small());
        var version2 = CanonicalRecord.Encode(Small(A));
        byte[] forged = [.. version1, .. version2.AsSpan(version1.Length)];

        Assert.Throws<InvalidDataException>(() => CanonicalRecord.Decode(forged));
    }

    [Fact]
    public void Decode_SubjectCountPastTheEnd_IsRefusedWithoutAllocating()
    {
        var bytes = CanonicalRecord.Encode(Small(A));
        var countAt = bytes.Length - 4 - 4 - 64;
        bytes[countAt] = 0x7F;

        Assert.Throws<InvalidDataException>(() => CanonicalRecord.Decode(bytes));
    }

    /// <summary>A version 2 encoding with whatever subject strings are given, bypassing the encoder's checks.</summary>
    private static byte[] Version2WithRawSubjects(string[] subjects)
    {
        var body = CanonicalRecord.Encode(Small());
        var output = new List<byte> { CanonicalRecord.VersionWithSubjects };
        output.AddRange(body.AsSpan(1).ToArray());
        output.AddRange(BigEndian((uint)subjects.Length));
        foreach (var subject in subjects)
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes(subject);
            output.AddRange(BigEndian((uint)utf8.Length));
            output.AddRange(utf8);
        }

        return [.. output];
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
