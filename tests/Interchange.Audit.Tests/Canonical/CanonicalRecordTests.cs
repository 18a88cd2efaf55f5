using Interchange.Audit.Canonical;

namespace Interchange.Audit.Tests.Canonical;

public sealed class CanonicalRecordTests
{
    [Fact]
    public void Encode_SmallRecord_GivesTheBytesTheReadmeSpecifies()
    {
        var record = new AuditRecord
        {
            Time = DateTimeOffset.UnixEpoch.AddSeconds(1.5),
            Kind = "k",
            RequestId = "r",
            Agency = "a",
            Dataset = "d",
            Purpose = null,
            Case = "",
            Decision = AuditDecision.Denied,
            Problem = null,
            Rule = "x@1",
            Status = 403,
            Fields = ["f", "é"],
            Detail = null,
        };
        var expected = string.Concat(
            "01",                         // version
            "000000000016E360",           // time: 1 500 000 µs, int64 big-endian
            "000000016B",                 // kind "k"
            "0000000172",                 // request id "r"
            "0000000161",                 // agency "a"
            "01" + "0000000164",          // dataset present, "d"
            "00",                         // purpose absent
            "01" + "00000000",            // case present, empty
            "01",                         // decision denied
            "00",                         // problem absent
            "01" + "00000003784031",      // rule present, "x@1"
            "00000193",                   // status 403, int32 big-endian
            "00000002" + "0000000166" + "00000002C3A9", // two field names, "f" and "é" in UTF-8
            "00");                        // detail absent

        Assert.Equal(expected, Convert.ToHexString(CanonicalRecord.Encode(record)));
    }

    public static TheoryData<AuditRecord> Records() =>
    [
        TestRecords.Allowed(1),
        TestRecords.Denied(2),
        new AuditRecord { Time = DateTimeOffset.UnixEpoch, Kind = "", RequestId = "", Agency = "", Fields = [] },
        new AuditRecord { Time = DateTimeOffset.MinValue, Kind = "k", RequestId = "r", Agency = "anonymous", Status = int.MinValue, Fields = [""] },
        new AuditRecord { Time = DateTimeOffset.MaxValue.AddTicks(-9), Kind = "k", RequestId = "r", Agency = "a", Status = int.MaxValue, Fields = ["a", "", "b"] },
        TestRecords.Allowed(3) with
        {
            Agency = "深圳市民政局",
            Purpose = "最低生活保障审核",
            Case = "案件-2026/11 Ünïcödé",
            Detail = "grant 🧾 ok\u0301 e\u0000nd",
            Fields = ["姓名", "身份证号", "😀"],
        },
    ];

    [Theory]
    [MemberData(nameof(Records))]
    public void Decode_OfEncode_GivesTheRecordBackAndTheSameBytesAgain(AuditRecord record)
    {
        var bytes = CanonicalRecord.Encode(record);

        var decoded = CanonicalRecord.Decode(bytes);

        Assert.Equal(record.Fields, decoded.Fields);
        Assert.Equal(record with { Fields = decoded.Fields }, decoded);
        Assert.Equal(TimeSpan.Zero, decoded.Time.Offset);
        Assert.Equal(bytes, CanonicalRecord.Encode(decoded));
    }

    [Fact]
    public void Encode_EqualRecords_GiveEqualBytes()
    {
        var first = CanonicalRecord.Encode(TestRecords.Denied(7));
        var again = CanonicalRecord.Encode(TestRecords.Denied(7));
        var copiedFields = CanonicalRecord.Encode(TestRecords.Denied(7) with { Fields = new List<string>() });

        Assert.Equal(first, again);
        Assert.Equal(first, copiedFields);
    }

    [Fact]
    public void Encode_SameInstantInAnotherOffsetOrPosition_GivesTheSameBytes()
    {
        var record = TestRecords.Allowed(5);
        var inShenzhen = record with { Time = record.Time.ToOffset(TimeSpan.FromHours(8)) };
        var elsewhereInTheLog = record with { LeafIndex = 42 };

        Assert.Equal(CanonicalRecord.Encode(record), CanonicalRecord.Encode(inShenzhen));
        Assert.Equal(CanonicalRecord.Encode(record), CanonicalRecord.Encode(elsewhereInTheLog));
    }

    [Fact]
    public void Encode_SubMicrosecondTicks_AreDroppedAsTheStoreDropsThem()
    {
        var record = TestRecords.Allowed(5);

        Assert.Equal(CanonicalRecord.Encode(record), CanonicalRecord.Encode(record with { Time = record.Time.AddTicks(9) }));
        Assert.NotEqual(CanonicalRecord.Encode(record), CanonicalRecord.Encode(record with { Time = record.Time.AddTicks(10) }));
    }

    [Fact]
    public void Encode_RecordsDifferingInAnyOneField_GiveDifferentBytes()
    {
        var baseline = TestRecords.Denied(1) with { Case = "case-1" };
        AuditRecord[] variants =
        [
            baseline,
            baseline with { Time = baseline.Time.AddTicks(10) },
            baseline with { Kind = AuditKinds.AccessRequested },
            baseline with { RequestId = "req-000002" },
            baseline with { Agency = "anonymous" },
            baseline with { Dataset = null },
            baseline with { Dataset = "" },
            baseline with { Purpose = null },
            baseline with { Purpose = "" },
            baseline with { Case = null },
            baseline with { Case = "" },
            baseline with { Decision = AuditDecision.Allowed },
            baseline with { Problem = null },
            baseline with { Problem = "" },
            baseline with { Rule = null },
            baseline with { Rule = "" },
            baseline with { Status = 404 },
            baseline with { Fields = ["ab"] },
            baseline with { Fields = ["a", "b"] },
            baseline with { Fields = ["b", "a"] },
            baseline with { Fields = ["a", "b", ""] },
            baseline with { Fields = [""] },
            baseline with { Detail = null },
            baseline with { Detail = "" },
            // Text moved across a field boundary must not collide.
            baseline with { Kind = "data-accessreq", RequestId = "-000001" },
            baseline with { Kind = "data-access", RequestId = "req-000001", Agency = "sz-civil-affairs", Dataset = "household-registration", Purpose = "subsistence-allowance-review", Detail = "no approved grant for this purpose " },
        ];

        var encodings = variants.Select(v => Convert.ToHexString(CanonicalRecord.Encode(v))).ToList();

        Assert.Equal(encodings.Count, encodings.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Encode_IncompleteOrInvalidRecord_Throws()
    {
        var record = TestRecords.Allowed(1);

        Assert.Throws<ArgumentNullException>(() => CanonicalRecord.Encode(null!));
        Assert.Throws<ArgumentException>(() => CanonicalRecord.Encode(record with { Kind = null! }));
        Assert.Throws<ArgumentException>(() => CanonicalRecord.Encode(record with { RequestId = null! }));
        Assert.Throws<ArgumentException>(() => CanonicalRecord.Encode(record with { Agency = null! }));
        Assert.Throws<ArgumentException>(() => CanonicalRecord.Encode(record with { Fields = null! }));
        Assert.Throws<ArgumentException>(() => CanonicalRecord.Encode(record with { Fields = ["uscc", null!] }));
        Assert.Throws<ArgumentException>(() => CanonicalRecord.Encode(record with { Decision = (AuditDecision)7 }));
        // A lone surrogate would otherwise become U+FFFD and collide with a record that holds one.
        Assert.Throws<ArgumentException>(() => CanonicalRecord.Encode(record with { Detail = "broken \uD800 text" }));
        Assert.Throws<ArgumentException>(() => CanonicalRecord.Encode(record with { Fields = ["\uDC00"] }));
    }
}
