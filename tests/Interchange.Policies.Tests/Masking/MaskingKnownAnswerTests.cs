using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Interchange.Policies.Fields;
using Interchange.Policies.Masking;

namespace Interchange.Policies.Tests.Masking;

/// <summary>
/// Known answers for the rules that transform text, recorded from the masker before it worked on UTF-8 directly (it decoded
/// every value to a string): escaped and unescaped input, CJK, supplementary and composing characters, control characters,
/// numbers, empty and long values; plus every transform checked against <see cref="FieldRule.Transform"/> on strings.
/// </summary>
public sealed class MaskingKnownAnswerTests
{
    private static readonly Pseudonymiser Pseudonymiser = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static readonly FieldPlan Plan = new(
    [
        new FieldRule("id_number", FieldRuleKind.Mask, keepFirst: 6, keepLast: 4),
        new FieldRule("name", FieldRuleKind.Mask, keepFirst: 1),
        new FieldRule("birth_date", FieldRuleKind.Generalise, to: GeneraliseTo.Year),
        new FieldRule("month", FieldRuleKind.Generalise, to: GeneraliseTo.Month),
        new FieldRule("address", FieldRuleKind.Generalise, to: GeneraliseTo.District),
        new FieldRule("household_id", FieldRuleKind.Pseudonymise),
        new FieldRule("gender", FieldRuleKind.Allow),
    ]);

    private static readonly string LongId = new string('长', 200) + new string('x', 100);
    private static readonly string LongName = new('长', 300);
    private static readonly string MaskedLongName = "长" + new string('*', 299);
    private static readonly string LongAddress = new string('路', 200) + "区";

    private static readonly string Input = $$"""
        {"records":[
         {"id_number":"44030519900101123\u0058","name":"\u59dc\u82b3\u4e3d","birth_date":"1990-01-01","month":"1990-01-01","address":"\u5e7f\u4e1c\u7701\u6df1\u5733\u5e02\u5357\u5c71\u533a\u79d1\u6280\u56ed","household_id":"38720\u00369\u0033\u0034","gender":"\u7537"},
         {"id_number":440305199001011234,"name":"A\"B\\C<D>&E","birth_date":19900101,"month":"1990年01月","address":"12 Keji Road, Nanshan District, Shenzhen","household_id":387206934,"gender":"a\u2028b"},
         {"id_number":"😀440305199001011234","name":"e\u0301ab","birth_date":"199","month":"1990😀01","address":"😀福田区","household_id":"😀","gender":"x"},
         {"id_number":"","name":"","birth_date":"","month":"","address":"","household_id":"","gender":""},
         {"id_number":"ab","name":"\u0001\u001fZ","birth_date":"2000\u002d12","month":"2000-1","address":"Some County, somewhere 县 区","household_id":"中文值\n\t","gender":null},
         {"id_number":"Ω≈ç√∫˜µ≤≥÷","name":"𠀋丽华","birth_date":"20２0-01-01","month":"2020\u00e901","address":"县区","household_id":"a\"b","gender":"\ud83d\ude00"},
         {"name":"\u0905\u0928\u093f\u0932","id_number":"1234567890","address":"\ufeff\uffff\ue000区"},
         {"id_number":"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9","name":"\u00e9","month":"1999\u00e9\u00e9","household_id":"\u00e9"}
         ,{"household_id":"{{LongId}}","name":"{{LongName}}","address":"{{LongAddress}}"}
        ],"total":9,"limit":8,"offset":0}
        """;

    private static readonly string Expected = $$"""
        {"records":[{"id_number":"440305********123X","name":"姜**","birth_date":"1990","month":"1990-01","address":"广东省深圳市南山区","household_id":"pn_2c29e761dcd21f6e8c1afe7b2d622aa7","gender":"男"},{"id_number":"440305********1234","name":"A*********","birth_date":"1990","month":"1990年01","address":"12 Keji Road, Nanshan District","household_id":"pn_2c29e761dcd21f6e8c1afe7b2d622aa7","gender":"a\u2028b"},{"id_number":"\uD83D\uDE0044030*********1234","name":"é**","birth_date":"***","month":"***","address":"\uD83D\uDE00福田区","household_id":"pn_57c03e146c8b526b45170c62c92067af","gender":"x"},{"id_number":"*","name":"*","birth_date":"***","month":"***","address":"***","household_id":"pn_5490915d89638eca8b0d4ccdf8449850","gender":""},{"id_number":"**","name":"\u0001**","birth_date":"2000","month":"***","address":"Some County","household_id":"pn_6ab63621c3f2048ddf1c347491a7ae16","gender":null},{"id_number":"**********","name":"\uD840\uDC0B**","birth_date":"***","month":"2020é01","address":"县","household_id":"pn_73f1642378c989f3f9d5a5212414f8f3","gender":"\uD83D\uDE00"},{"name":"अ**","id_number":"**********","address":"\uFEFF\uFFFF\uE000区"},{"id_number":"éééééé**éééé","name":"*","month":"***","household_id":"pn_bc9c23064aa98bfed47f47c5b61fd100"},{"household_id":"pn_4b4d3b4e3e94491af305d045d0924ab9","name":"{{MaskedLongName}}","address":"{{LongAddress}}"}],"total":9,"limit":8,"offset":0}
        """;

    private static readonly string[] ExpectedSubjects =
        ["44030519900101123X", "440305199001011234", "😀440305199001011234", "", "ab", "Ω≈ç√∫˜µ≤≥÷", "1234567890", "éééééééééééé"];

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Values that exercise each branch of the UTF-8 transforms (ASCII, multi-byte, supplementary, composing, escapes).</summary>
    public static TheoryData<string> Values =>
    [
        "", "a", "ab", "abc", "440305199001011234", "44030519900101123X", "姜芳丽", "姜", "𠀋丽华", "e\u0301ab", "अनिल", "กิน",
        "😀", "😀440305199001011234", "ab😀cd", "\u0001\u001f\"\\<>&'+`", "a\u2028b\u2029c", "\ufeff\uffff\ue000",
        "1990-01-01", "1990-01", "1990", "199", "19900101", "1990年01月01日", "1990😀01", "1990é01", "1990\u0301-01", "20２0-01-01",
        "广东省深圳市南山区科技园路12号", "12 Keji Road, Nanshan District, Shenzhen", "Some County, District", "县区", "区",
        " District", "County", "😀福田区", "éééééééééééé", "Ω≈ç√∫˜µ≤≥÷", "zwj\u200dx", "tab\tnew\nline",
        new string('长', 300), new string('x', 600),
    ];

    [Fact]
    public void Mask_TrickyPage_MatchesKnownAnswer()
    {
        var subjects = new SubjectCollector("id_number");

        var output = JsonRecordMasker.Mask(Encoding.UTF8.GetBytes(Input), Context(subjects));

        Assert.Equal(Expected, Encoding.UTF8.GetString(output));
        Assert.Equal(ExpectedSubjects, subjects.Values);
    }

    [Fact]
    public async Task MaskAsync_TrickyPageOneBytePerRead_MatchesKnownAnswer()
    {
        var subjects = new SubjectCollector("id_number");
        using var destination = new MemoryStream();

        await JsonRecordMasker.MaskAsync(new OneBytePerReadStream(Encoding.UTF8.GetBytes(Input)), destination, Context(subjects), CancellationToken.None);

        Assert.Equal(Expected, Encoding.UTF8.GetString(destination.ToArray()));
        Assert.Equal(ExpectedSubjects, subjects.Values);
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Mask_EveryTransformingRule_WritesWhatTheStringRuleGives(string value)
    {
        FieldRule[] rules =
        [
            new("f", FieldRuleKind.Mask, keepFirst: 6, keepLast: 4),
            new("f", FieldRuleKind.Mask, keepFirst: 1),
            new("f", FieldRuleKind.Mask, keepLast: 2),
            new("f", FieldRuleKind.Mask),
            new("f", FieldRuleKind.Generalise, to: GeneraliseTo.Year),
            new("f", FieldRuleKind.Generalise, to: GeneraliseTo.Month),
            new("f", FieldRuleKind.Generalise, to: GeneraliseTo.District),
            new("f", FieldRuleKind.Pseudonymise),
        ];

        foreach (var rule in rules)
        {
            var expected = Record(rule.Transform(value, "sz-civil-affairs", Pseudonymiser), JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
            var context = new MaskingContext(new FieldPlan([rule]), "sz-civil-affairs", Pseudonymiser);

            // The source may send the text as UTF-8 or \u-escaped: both must give the same answer.
            foreach (var encoder in new[] { JavaScriptEncoder.UnsafeRelaxedJsonEscaping, JavaScriptEncoder.Default })
            {
                var output = JsonRecordMasker.Mask(Encoding.UTF8.GetBytes(Record(value, encoder)), context);

                Assert.Equal(expected, Encoding.UTF8.GetString(output));
            }
        }
    }

    [Theory]
    [InlineData("13800138000")]
    [InlineData("-12.50e3")]
    [InlineData("0")]
    public void Mask_NumberUnderTransformingRules_WritesWhatTheStringRuleGivesForItsText(string number)
    {
        foreach (var rule in new FieldRule[]
        {
            new("f", FieldRuleKind.Mask, keepFirst: 3, keepLast: 4), new("f", FieldRuleKind.Generalise, to: GeneraliseTo.Year),
            new("f", FieldRuleKind.Pseudonymise),
        })
        {
            var expected = Record(rule.Transform(number, "sz-civil-affairs", Pseudonymiser), JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

            var output = JsonRecordMasker.Mask(Encoding.UTF8.GetBytes($$"""{"f":{{number}}}"""), new MaskingContext(new FieldPlan([rule]), "sz-civil-affairs", Pseudonymiser));

            Assert.Equal(expected, Encoding.UTF8.GetString(output));
        }
    }

    [Fact]
    public void Mask_RepeatedAndAlternatingPseudonymisedValues_EachGetTheirOwnPseudonym()
    {
        // The masker remembers the last pseudonym; values that repeat, alternate, share a prefix, are escaped or empty must
        // still each get exactly the pseudonym of their own text.
        string[] values = ["387206934", "387206934", "387206935", "387206934", "38720693", "3872069345", "", "", "387206934", "387206934"];
        var plan = new FieldPlan([new FieldRule("a", FieldRuleKind.Pseudonymise), new FieldRule("b", FieldRuleKind.Pseudonymise)]);
        var json = "[" + string.Join(",", values.Select(v => $$"""{"a":"{{v}}","b":"{{v.Replace("3", "\\u0033", StringComparison.Ordinal)}}"}""")) + "]";

        var output = Encoding.UTF8.GetString(JsonRecordMasker.Mask(Encoding.UTF8.GetBytes(json), new MaskingContext(plan, "sz-civil-affairs", Pseudonymiser)));

        var expected = "[" + string.Join(",", values.Select(v => Pseudonymiser.Pseudonymise("sz-civil-affairs", v)).Select(p => $$"""{"a":"{{p}}","b":"{{p}}"}""")) + "]";
        Assert.Equal(expected, output);
    }

    [Fact]
    public void Mask_PlanWithTwoRulesForOneName_AppliesTheFirstAsBefore()
    {
        var plan = new FieldPlan([new FieldRule("name", FieldRuleKind.Mask, keepFirst: 1), new FieldRule("name", FieldRuleKind.Allow)]);

        var plain = JsonRecordMasker.Mask("""{"name":"张三"}"""u8, new MaskingContext(plan, "sz-civil-affairs", Pseudonymiser));
        var escaped = JsonRecordMasker.Mask("""{"n\u0061me":"张三"}"""u8, new MaskingContext(plan, "sz-civil-affairs", Pseudonymiser));

        Assert.Equal("""{"name":"张*"}""", Encoding.UTF8.GetString(plain));
        Assert.Equal("""{"name":"张*"}""", Encoding.UTF8.GetString(escaped));
    }

    [Fact]
    public void Mask_FieldNameNeedingEscapes_IsWrittenEscapedAsBefore()
    {
        var plan = new FieldPlan([new FieldRule("na\"me\u0001é", FieldRuleKind.Mask, keepFirst: 1)]);

        var output = JsonRecordMasker.Mask("""{"na\"me\u0001é":"张三"}"""u8, new MaskingContext(plan, "sz-civil-affairs", Pseudonymiser));

        Assert.Equal("""{"na\"me\u0001é":"张*"}""", Encoding.UTF8.GetString(output));
    }

    private static MaskingContext Context(SubjectCollector subjects) => new(Plan, "sz-civil-affairs", Pseudonymiser) { Subjects = subjects };

    private static string Record(string? value, JavaScriptEncoder encoder)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions with { Encoder = encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("f", value);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
