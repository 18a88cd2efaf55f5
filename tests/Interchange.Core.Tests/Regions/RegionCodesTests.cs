using Interchange.Core.Regions;

namespace Interchange.Core.Tests.Regions;

public sealed class RegionCodesTests
{
    [Theory]
    [InlineData("440000", "44")]
    [InlineData("440300", "4403")]
    [InlineData("440303", "440303")]
    [InlineData("440100", "4401")]
    public void Prefix_ProvinceCityOrDistrict_IsTheCodeWithoutTrailingZeroPairs(string code, string prefix)
    {
        Assert.Equal(prefix, RegionCodes.Prefix(code));
    }

    [Theory]
    [InlineData("440300", true)]
    [InlineData("4403", false)]
    [InlineData("4403000", false)]
    [InlineData("44030x", false)]
    [InlineData("４４０３００", false)]
    [InlineData("", false)]
    public void IsValid_OnlySixAsciiDigits(string code, bool valid)
    {
        Assert.Equal(valid, RegionCodes.IsValid(code));
    }

    [Theory]
    [InlineData("440000", "440303", true)]
    [InlineData("440300", "440300", true)]
    [InlineData("440300", "440100", false)]
    [InlineData("440303", "440300", false)]
    public void Contains_ProvinceContainsItsCitiesAndDistricts(string outer, string inner, bool contains)
    {
        Assert.Equal(contains, RegionCodes.Contains(outer, inner));
    }

    [Fact]
    public void IsValid_RejectsCodesStartingWith00()
    {
        Assert.False(RegionCodes.IsValid("000100"));
    }
}
