using Interchange.Catalog.Datasets;

namespace Interchange.Catalog.Tests.Datasets;

public sealed class RegionsTests
{
    [Theory]
    [InlineData("440000", "44")]
    [InlineData("440300", "4403")]
    [InlineData("440303", "440303")]
    [InlineData("440100", "4401")]
    public void Prefix_ProvinceCityOrDistrict_IsTheCodeWithoutTrailingZeroPairs(string code, string prefix)
    {
        Assert.Equal(prefix, Regions.Prefix(code));
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
        Assert.Equal(valid, Regions.IsValid(code));
    }
}
