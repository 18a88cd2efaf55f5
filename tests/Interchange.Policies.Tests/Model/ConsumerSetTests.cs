using Interchange.Policies.Model;

namespace Interchange.Policies.Tests.Model;

public sealed class ConsumerSetTests
{
    [Theory]
    [InlineData("440000", "440300", true)]   // province contains prefecture
    [InlineData("440000", "440305", true)]   // province contains district
    [InlineData("440300", "440305", true)]   // prefecture contains its district
    [InlineData("440300", "440300", true)]
    [InlineData("440300", "440100", false)]  // another prefecture
    [InlineData("440300", "440000", false)]  // a prefecture does not contain its province
    [InlineData("440305", "440306", false)]
    [InlineData("440000", "450100", false)]
    [InlineData("440300", "", false)]
    public void Matches_ListedRegion_ContainsTheRegionsWithinIt(string listed, string agencyRegion, bool expected)
    {
        var set = ConsumerSet.Of([], [listed]);

        Assert.Equal(expected, set.Matches("some-agency", agencyRegion));
    }

    [Fact]
    public void Matches_ListedAgency_MatchesWhateverItsRegion()
    {
        var set = ConsumerSet.Of(["sz-civil-affairs"], ["440100"]);

        Assert.True(set.Matches("sz-civil-affairs", "440300"));
        Assert.False(set.Matches("sz-market-regulation", "440300"));
        Assert.True(set.Matches("gz-human-resources", "440100"));
    }

    [Fact]
    public void AnyAndOpen_MatchEveryone_ButOnlyOpenIsOpen()
    {
        Assert.True(ConsumerSet.AnyAgency.Matches("x", "110000"));
        Assert.False(ConsumerSet.AnyAgency.IsOpen);
        Assert.True(ConsumerSet.Open.IsOpen);
        Assert.True(ConsumerSet.Open.Matches("x", "110000"));
        Assert.False(ConsumerSet.Of(["a"], []).IsOpen);
    }

    [Theory]
    [InlineData("440300", true)]
    [InlineData("4403", false)]
    [InlineData("44030a", false)]
    [InlineData("000000", false)]
    public void IsRegionCode_AcceptsSixDigitCodesOnly(string code, bool expected) =>
        Assert.Equal(expected, ConsumerSet.IsRegionCode(code));
}
