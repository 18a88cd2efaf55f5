using System.Text;
using Interchange.Policies.Fields;
using Interchange.Policies.Masking;

namespace Interchange.Policies.Tests.Masking;

/// <summary>Allowed string values the source wrote without escapes leave byte for byte; everything else as before.</summary>
public sealed class PassThroughStringTests
{
    private static readonly FieldPlan Plan = new(
    [
        new FieldRule("note", FieldRuleKind.Allow),
        new FieldRule("name", FieldRuleKind.Mask, keepFirst: 1),
    ]);

    private static MaskingContext Context() => new(Plan, "sz-civil-affairs", new Pseudonymiser(new byte[32]));

    [Theory]
    [InlineData("深圳市信程精密制造有限公司")]
    [InlineData("a <b> & 'c'")]
    [InlineData("line\u2028separator")]
    [InlineData("emoji 😀 and é")]
    [InlineData("")]
    public void AllowedUnescapedValue_LeavesExactlyAsTheSourceWroteIt(string value)
    {
        var input = Encoding.UTF8.GetBytes($$"""{"records":[{"note":"{{value}}","name":"张三"}]}""");

        var output = Encoding.UTF8.GetString(JsonRecordMasker.Mask(input, Context()));

        Assert.Equal($$"""{"records":[{"note":"{{value}}","name":"张*"}]}""", output);
    }

    [Fact]
    public void AllowedEscapedValue_IsUnescapedAndEscapedAgainWhereJsonNeedsIt()
    {
        var input = """{"records":[{"note":"\u0041 \"quoted\" \\ \n end"}]}"""u8.ToArray();

        var output = Encoding.UTF8.GetString(JsonRecordMasker.Mask(input, Context()));

        Assert.Equal("""{"records":[{"note":"A \"quoted\" \\ \n end"}]}""", output);
    }

    [Fact]
    public void AllowedValueWithInvalidUtf8_FailsTheAnswer()
    {
        byte[] input = [.. Encoding.ASCII.GetBytes("{\"records\":[{\"note\":\"ok "), 0xC3, 0x28, .. Encoding.ASCII.GetBytes("\"}]}")];

        Assert.Throws<InvalidDataException>(() => JsonRecordMasker.Mask(input, Context()));
    }
}
