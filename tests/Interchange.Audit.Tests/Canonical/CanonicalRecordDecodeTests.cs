using System.Buffers.Binary;
using Interchange.Audit.Canonical;

namespace Interchange.Audit.Tests.Canonical;

public sealed class CanonicalRecordDecodeTests
{
    private static readonly byte[] Valid = CanonicalRecord.Encode(TestRecords.Denied(3) with { Case = "案件-7", Fields = ["id_number", "name"] });

    [Fact]
    public void Decode_EveryTruncation_ThrowsInvalidData()
    {
        for (var length = 0; length < Valid.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => CanonicalRecord.Decode(Valid.AsSpan(0, length)));
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x01 })]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00 })]
    public void Decode_TrailingBytes_ThrowsInvalidData(byte[] trailing)
    {
        Assert.Throws<InvalidDataException>(() => CanonicalRecord.Decode([.. Valid, .. trailing]));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x02)]
    [InlineData(0xFF)]
    public void Decode_UnknownVersion_ThrowsInvalidData(byte version)
    {
        var bytes = (byte[])Valid.Clone();
        bytes[0] = version;

        Assert.Throws<InvalidDataException>(() => CanonicalRecord.Decode(bytes));
    }

    [Fact]
    public void Decode_UndefinedPresenceOrDecisionByte_ThrowsInvalidData()
    {
        // Version, time, then kind "k", request id "r", agency "a": the dataset flag is at offset 24.
        var bytes = CanonicalRecord.Encode(new AuditRecord { Kind = "k", RequestId = "r", Agency = "a", Fields = [] });
        Assert.Equal(CanonicalRecord.Absent, bytes[24]);
        var presence = (byte[])bytes.Clone();
        presence[24] = 0x02;
        // Three absent optionals (dataset, purpose, case) follow, then the decision.
        var decision = (byte[])bytes.Clone();
        decision[27] = 0x02;

        Assert.Throws<InvalidDataException>(() => CanonicalRecord.Decode(presence));
        Assert.Throws<InvalidDataException>(() => CanonicalRecord.Decode(decision));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xE6, 0xA1 })]
    public void Decode_InvalidUtf8_ThrowsInvalidData(byte[] text)
    {
        Assert.Throws<InvalidDataException>(() => CanonicalRecord.Decode(WithKind(text)));
    }

    [Theory]
    [InlineData(0x00000002u)]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(0xFFFFFFFFu)]
    public void Decode_StringLengthBeyondTheEnd_ThrowsInvalidData(uint length)
    {
        var bytes = WithKind("k"u8.ToArray());
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(9), length);

        Assert.Throws<InvalidDataException>(() => CanonicalRecord.Decode(bytes));
    }

    [Theory]
    [InlineData(0x00000001u)]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(0xFFFFFFFFu)]
    public void Decode_FieldCountBeyondTheEnd_ThrowsInvalidData(uint count)
    {
        var bytes = CanonicalRecord.Encode(new AuditRecord { Kind = "k", RequestId = "r", Agency = "a", Fields = [] });
        // The field count sits just before the final (absent) detail flag.
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(bytes.Length - 5), count);

        Assert.Throws<InvalidDataException>(() => CanonicalRecord.Decode(bytes));
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(253402300800000000L)]
    [InlineData(-62135596800000001L)]
    public void Decode_TimeOutsideTheRangeOfADate_ThrowsInvalidData(long microseconds)
    {
        var bytes = (byte[])Valid.Clone();
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), microseconds);

        Assert.Throws<InvalidDataException>(() => CanonicalRecord.Decode(bytes));
    }

    [Fact]
    public void Decode_EveryOneByteChange_IsRejectedOrReencodesToTheChangedBytes()
    {
        // The decoder accepts only canonical bytes: whatever it reads back encodes to exactly what
        // it read, so two byte strings never decode to one record.
        byte[] replacements = [0x00, 0x01, 0x02, 0x7F, 0x80, 0xC3, 0xFF];
        for (var at = 0; at < Valid.Length; at++)
        {
            foreach (var value in replacements.Append((byte)(Valid[at] ^ 0x01)))
            {
                var bytes = (byte[])Valid.Clone();
                bytes[at] = value;

                AuditRecord decoded;
                try
                {
                    decoded = CanonicalRecord.Decode(bytes);
                }
                catch (InvalidDataException)
                {
                    continue;
                }

                Assert.Equal(bytes, CanonicalRecord.Encode(decoded));
            }
        }
    }

    /// <summary>A minimal record's bytes with the kind (at offset 9, after version and time) replaced.</summary>
    private static byte[] WithKind(byte[] kind)
    {
        var bytes = CanonicalRecord.Encode(new AuditRecord { Kind = "", RequestId = "r", Agency = "a", Fields = [] });
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)kind.Length);
        return [.. bytes[..9], .. length, .. kind, .. bytes[13..]];
    }
}
