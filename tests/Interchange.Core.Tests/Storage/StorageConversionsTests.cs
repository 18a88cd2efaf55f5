using Interchange.Core.Storage;

namespace Interchange.Core.Tests.Storage;

public sealed class StorageConversionsTests
{
    private static DateTimeOffset RoundTrip(DateTimeOffset value) =>
        (DateTimeOffset)StorageConversions.Time.ConvertFromProvider(StorageConversions.Time.ConvertToProvider(value)!)!;

    private static DateTimeOffset? RoundTripOptional(DateTimeOffset? value) =>
        (DateTimeOffset?)StorageConversions.OptionalTime.ConvertFromProvider(StorageConversions.OptionalTime.ConvertToProvider(value));

    public static TheoryData<DateTimeOffset> Times => new()
    {
        DateTimeOffset.UnixEpoch,
        new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1_230),
        new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero).AddTicks(1_234_567_0),
        new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.FromHours(8)).AddTicks(10),
        new DateTimeOffset(2099, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_990),
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void Time_RoundTrip_KeepsTheInstantToTheMicrosecond(DateTimeOffset value)
    {
        var back = RoundTrip(value);

        Assert.Equal(value, back);
        Assert.Equal(value.UtcTicks, back.UtcTicks);
        Assert.Equal(TimeSpan.Zero, back.Offset);
    }

    [Fact]
    public void Time_BelowAMicrosecond_IsTruncatedToTheMicrosecond()
    {
        var value = new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero).AddTicks(17);

        Assert.Equal(value.AddTicks(-7), RoundTrip(value));
    }

    [Fact]
    public void Time_Stored_IsUnixMicroseconds()
    {
        var value = new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero).AddTicks(10);

        var stored = (long)StorageConversions.Time.ConvertToProvider(value)!;

        Assert.Equal((value.ToUnixTimeMilliseconds() * 1000) + 1, stored);
    }

    [Fact]
    public void Time_StoredValues_OrderLikeTheInstants()
    {
        var earlier = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(8));
        var later = new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero).AddTicks(10);

        Assert.True((long)StorageConversions.Time.ConvertToProvider(earlier)! < (long)StorageConversions.Time.ConvertToProvider(later)!);
    }

    [Fact]
    public void OptionalTime_Null_StaysNull()
    {
        Assert.Null(StorageConversions.OptionalTime.ConvertToProvider(null));
        Assert.Null(RoundTripOptional(null));
    }

    [Theory]
    [MemberData(nameof(Times))]
    public void OptionalTime_RoundTrip_KeepsTheInstantToTheMicrosecond(DateTimeOffset value)
    {
        Assert.Equal(value, RoundTripOptional(value));
    }

    public static TheoryData<string[]> NameLists => new()
    {
        Array.Empty<string>(),
        new[] { "id_number" },
        new[] { "name", "id_number", "address" },
        new[] { "名称", "with \"quotes\"", "comma,separated", "back\\slash" },
    };

    [Theory]
    [MemberData(nameof(NameLists))]
    public void Names_RoundTrip_KeepsEveryNameInOrder(string[] names)
    {
        var stored = (string)StorageConversions.Names.ConvertToProvider(names)!;
        var back = (IReadOnlyList<string>)StorageConversions.Names.ConvertFromProvider(stored)!;

        Assert.Equal(names, back);
    }

    [Fact]
    public void Names_Stored_IsAJsonArray()
    {
        Assert.Equal("""["name","id_number"]""", StorageConversions.Names.ConvertToProvider(new[] { "name", "id_number" }));
    }

    [Fact]
    public void NamesComparer_SameNamesInTheSameOrder_AreEqual()
    {
        Assert.True(StorageConversions.NamesComparer.Equals(["a", "b"], ["a", "b"]));
        Assert.False(StorageConversions.NamesComparer.Equals(["a", "b"], ["b", "a"]));
        Assert.Equal(StorageConversions.NamesComparer.GetHashCode(["a", "b"]), StorageConversions.NamesComparer.GetHashCode(["a", "b"]));
    }

    [Fact]
    public void NamesComparer_Snapshot_IsACopy()
    {
        var original = new List<string> { "a" };

        var snapshot = StorageConversions.NamesComparer.Snapshot(original);
        original.Add("b");

        Assert.Equal(["a"], snapshot);
    }
}
