using Interchange.Policies.Fields;

namespace Interchange.Policies.Tests.Fields;

public sealed class FieldRuleTests
{
    [Theory]
    [InlineData("440305198211076985", 6, 4, "440305********6985")]
    [InlineData("姜芳丽", 1, 0, "姜**")]
    [InlineData("AB", 1, 1, "**")]
    [InlineData("", 1, 0, "*")]
    public void Mask_KeepsPrefixAndSuffix_StarsTheRest(string value, int first, int last, string expected) =>
        Assert.Equal(expected, FieldRule.Mask(value, first, last));

    [Fact]
    public void Mask_CountsSurrogatePairsAndCombiningMarksAsOneCharacter()
    {
        // "𠀋" is outside the BMP (two UTF-16 units); "é" here is e + combining acute (two chars, one element).
        Assert.Equal("𠀋**", FieldRule.Mask("𠀋丽华", 1, 0));
        Assert.Equal("e\u0301**", FieldRule.Mask("e\u0301ab", 1, 0));
        Assert.Equal("**", FieldRule.Mask("e\u0301a", 1, 1));
    }

    [Theory]
    [InlineData("1982-11-07", GeneraliseTo.Year, "1982")]
    [InlineData("1982-11-07", GeneraliseTo.Month, "1982-11")]
    [InlineData("广东省深圳市宝安区建安一路269号", GeneraliseTo.District, "广东省深圳市宝安区")]
    [InlineData("12 Keji Road, Nanshan District, Shenzhen", GeneraliseTo.District, "12 Keji Road, Nanshan District")]
    [InlineData("somewhere", GeneraliseTo.District, "***")]
    [InlineData("unknown", GeneraliseTo.Year, "***")]
    public void Generalise_CoarsensOrWithholds(string value, GeneraliseTo to, string expected) =>
        Assert.Equal(expected, FieldRule.Generalise(value, to));

    [Fact]
    public void Pseudonymise_IsStablePerConsumerAndUnlinkableAcross()
    {
        var pseudonymiser = new Pseudonymiser(new byte[32]);

        var first = pseudonymiser.Pseudonymise("sz-civil-affairs", "387206934");
        var again = pseudonymiser.Pseudonymise("sz-civil-affairs", "387206934");
        var other = pseudonymiser.Pseudonymise("gz-human-resources", "387206934");

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Matches("^pn_[0-9a-f]{32}$", first);
        Assert.DoesNotContain("387206934", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Pseudonymise_KnownAnswer_IsUnchanged()
    {
        // Recorded from the first implementation: changing algorithm, input layout or format breaks every consumer's links.
        using var pseudonymiser = new Pseudonymiser(new byte[32]);

        Assert.Equal("pn_e65c37ce264c1b7fd010da180869c8ea", pseudonymiser.Pseudonymise("sz-civil-affairs", "387206934"));
    }

    [Theory]
    [InlineData("387206934")]
    [InlineData("")]
    [InlineData("中文值\n😀")]
    public void Pseudonymise_OfUtf8_EqualsPseudonymiseOfString(string value)
    {
        using var pseudonymiser = new Pseudonymiser(new byte[32]);
        var longValue = value + new string('长', 300);

        foreach (var text in new[] { value, longValue })
        {
            var pseudonym = new byte[35];
            pseudonymiser.Pseudonymise("sz-civil-affairs"u8, System.Text.Encoding.UTF8.GetBytes(text), pseudonym);

            Assert.Equal(pseudonymiser.Pseudonymise("sz-civil-affairs", text), System.Text.Encoding.ASCII.GetString(pseudonym));
        }
    }

    [Fact]
    public void Pseudonymiser_RefusesShortKeys() =>
        Assert.Throws<ArgumentException>(() => new Pseudonymiser(new byte[16]));
}
