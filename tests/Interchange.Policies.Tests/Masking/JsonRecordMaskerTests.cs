using System.Text;
using Interchange.Policies.Fields;
using Interchange.Policies.Masking;

namespace Interchange.Policies.Tests.Masking;

public sealed class JsonRecordMaskerTests
{
    private static readonly Pseudonymiser Pseudonymiser = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    // The household-registration plan of the demo scenario, plus an allowed nested field.
    private static readonly FieldPlan HouseholdPlan = new(
    [
        new FieldRule("id_number", FieldRuleKind.Mask, keepFirst: 6, keepLast: 4),
        new FieldRule("name", FieldRuleKind.Mask, keepFirst: 1),
        new FieldRule("address", FieldRuleKind.Generalise, to: GeneraliseTo.District),
        new FieldRule("gender", FieldRuleKind.Allow),
        new FieldRule("household", FieldRuleKind.Allow),
        new FieldRule("internal_remarks", FieldRuleKind.Drop),
    ]);

    private static MaskingContext Context(FieldPlan plan, string consumer = "sz-civil-affairs") => new(plan, consumer, Pseudonymiser);

    private static string Mask(string json, FieldPlan plan, string consumer = "sz-civil-affairs") =>
        Encoding.UTF8.GetString(JsonRecordMasker.Mask(Encoding.UTF8.GetBytes(json), Context(plan, consumer)));

    private static FieldPlan Plan(params FieldRule[] rules) => new(rules);

    [Fact]
    public void Mask_AllowRule_CopiesValueUnchanged()
    {
        var output = Mask("""{"a":"x\"y","b":12.50e3,"c":true,"d":null}""",
            Plan(new FieldRule("a", FieldRuleKind.Allow), new FieldRule("b", FieldRuleKind.Allow), new FieldRule("c", FieldRuleKind.Allow), new FieldRule("d", FieldRuleKind.Allow)));

        Assert.Equal("""{"a":"x\"y","b":12.50e3,"c":true,"d":null}""", output);
    }

    [Fact]
    public void Mask_MaskRule_KeepsPrefixAndSuffixAndStarsTheRest()
    {
        var output = Mask("""{"id_number":"440305199001011234"}""", HouseholdPlan);

        Assert.Equal("""{"id_number":"440305********1234"}""", output);
    }

    [Fact]
    public void Mask_MaskRuleOnNumber_TransformsRawTextIntoString()
    {
        var output = Mask("""{"phone":13800138000}""", Plan(new FieldRule("phone", FieldRuleKind.Mask, keepFirst: 3, keepLast: 4)));

        Assert.Equal("""{"phone":"138****8000"}""", output);
    }

    [Fact]
    public void Mask_GeneraliseRule_CutsAddressAfterDistrictAndDateToYear()
    {
        var output = Mask("""{"address":"广东省深圳市南山区科技园路12号","birth_date":"1990-01-01"}""",
            Plan(new FieldRule("address", FieldRuleKind.Generalise, to: GeneraliseTo.District), new FieldRule("birth_date", FieldRuleKind.Generalise, to: GeneraliseTo.Year)));

        Assert.Equal("""{"address":"广东省深圳市南山区","birth_date":"1990"}""", output);
    }

    [Fact]
    public void Mask_PseudonymiseRule_IsStablePerConsumerAndDiffersAcrossConsumers()
    {
        var plan = Plan(new FieldRule("id_number", FieldRuleKind.Pseudonymise));
        const string Json = """{"records":[{"id_number":"440305199001011234"},{"id_number":"440305199001011234"}]}""";

        var first = Mask(Json, plan, "sz-civil-affairs");
        var again = Mask(Json, plan, "sz-civil-affairs");
        var other = Mask(Json, plan, "gz-human-resources");

        var expected = Pseudonymiser.Pseudonymise("sz-civil-affairs", "440305199001011234");
        Assert.StartsWith("pn_", expected, StringComparison.Ordinal);
        Assert.Equal($$"""{"records":[{"id_number":"{{expected}}"},{"id_number":"{{expected}}"}]}""", first);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.DoesNotContain("440305199001011234", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Mask_DropRuleAndUnlistedFields_AreAbsent()
    {
        var output = Mask("""{"id_number":"440305199001011234","internal_remarks":"CANARY-HR-0001","ethnicity":"汉"}""", HouseholdPlan);

        Assert.Equal("""{"id_number":"440305********1234"}""", output);
    }

    [Fact]
    public void Mask_TransformingRuleOnNull_WritesNull()
    {
        Assert.Equal("""{"name":null}""", Mask("""{"name":null}""", HouseholdPlan));
    }

    [Fact]
    public void Mask_TransformingRuleOnBooleanObjectOrArray_WithholdsTheField()
    {
        var output = Mask("""{"name":true,"address":{"street":"CANARY-ST"},"id_number":["CANARY-ID",{"x":1}],"gender":"男"}""", HouseholdPlan);

        Assert.Equal("""{"gender":"男"}""", output);
    }

    [Fact]
    public void Mask_Page_MasksEachRecordAndKeepsPagingNumbers()
    {
        const string Json = """
            {"records":[
              {"id_number":"440305199001011234","name":"张三丰","internal_remarks":"CANARY-HR-0001","address":"广东省深圳市南山区科技园路12号"},
              {"name":"李四","id_number":"440104198512125678","gender":"女"}
            ],"total":300,"limit":2,"offset":0}
            """;

        var output = Mask(Json, HouseholdPlan);

        Assert.Equal(
            """{"records":[{"id_number":"440305********1234","name":"张**","address":"广东省深圳市南山区"},{"name":"李*","id_number":"440104********5678","gender":"女"}],"total":300,"limit":2,"offset":0}""",
            output);
    }

    [Fact]
    public void Mask_PageWithUnexpectedMembers_DropsThemAndNonObjectRecords()
    {
        const string Json = """
            {"debug":{"sql":"CANARY-SQL"},"records":[1,"CANARY-X",[{"name":"CANARY-N"}],null,{"name":"王五"}],"total":"CANARY-T","limit":20,"next":"CANARY-NEXT"}
            """;

        var output = Mask(Json, HouseholdPlan);

        Assert.Equal("""{"records":[{"name":"王*"}],"limit":20}""", output);
    }

    [Fact]
    public void Mask_RecordsThatIsNotAnArray_IsDropped()
    {
        Assert.Equal("{}", Mask("""{"records":{"name":"CANARY-NAME"}}""", HouseholdPlan));
    }

    [Fact]
    public void Mask_SingleRecord_AppliesThePlanToTopLevelFields()
    {
        var output = Mask("""{"id_number":"440305199001011234","name":"张三","ethnicity":"汉","internal_remarks":"CANARY-HR-0002"}""", HouseholdPlan);

        Assert.Equal("""{"id_number":"440305********1234","name":"张*"}""", output);
    }

    [Fact]
    public void Mask_TopLevelArray_MasksEachObjectElement()
    {
        Assert.Equal("""[{"name":"张*"},{}]""", Mask("""[{"name":"张三"},7,{"x":"CANARY-X"}]""", HouseholdPlan));
    }

    [Theory]
    [InlineData("\"CANARY-SCALAR\"")]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("null")]
    public void Mask_TopLevelScalar_WritesNull(string json)
    {
        Assert.Equal("null", Mask(json, HouseholdPlan));
    }

    [Fact]
    public void Mask_NestedValueUnderAllowedField_IsCopiedVerbatim()
    {
        const string Nested = """{"members":[{"name":"张三","age":30,"tags":["户主",null,false]},{"deep":{"deeper":[[1,2],{"x":"\u00e9\n"}]}}],"count":2}""";

        var output = Mask($$"""{"records":[{"household":{{Nested}},"gender":"男"}]}""", HouseholdPlan);

        Assert.Equal($$"""{"records":[{"household":{{Nested.Replace("\\u00e9", "é", StringComparison.Ordinal)}},"gender":"男"}]}""", output);
    }

    [Fact]
    public void Mask_DroppedNestedObjectsAndArrays_AreSkippedEntirely()
    {
        const string Json = """
            {"records":[{"name":"张三","family":{"spouse":{"name":"CANARY-SPOUSE","ids":["CANARY-1",{"k":"CANARY-2"}]}},"history":[[["CANARY-3"]],{"a":{"b":{"c":"CANARY-4"}}}],"gender":"男"}]}
            """;

        var output = Mask(Json, HouseholdPlan);

        Assert.Equal("""{"records":[{"name":"张*","gender":"男"}]}""", output);
    }

    [Fact]
    public void Mask_CanariesInDroppedFields_NeverAppearInOutput()
    {
        var json = Encoding.UTF8.GetBytes(BigPage(200));

        var output = JsonRecordMasker.Mask(json, Context(HouseholdPlan));

        Assert.NotEqual(-1, json.AsSpan().IndexOf("CANARY-"u8));
        Assert.Equal(-1, output.AsSpan().IndexOf("CANARY-"u8));
        Assert.Equal(-1, output.AsSpan().IndexOf("CANARY"u8));
    }

    [Fact]
    public void Mask_EscapedPropertyName_IsStillMatchedAndWrittenUnescaped()
    {
        var output = Mask("""{"records":[{"\u0069d_number":"440305199001011234","n\u0061me":"张三","\u0069nternal_remarks":"CANARY-1"}],"\u0074otal":1}""", HouseholdPlan);

        Assert.Equal("""{"records":[{"id_number":"440305********1234","name":"张*"}],"total":1}""", output);
    }

    [Fact]
    public void Mask_CjkText_IsWrittenUnescaped()
    {
        var output = Mask("""{"gender":"\u7537","address":"广东省广州市天河区体育西路1号"}""", HouseholdPlan);

        Assert.Equal("""{"gender":"男","address":"广东省广州市天河区"}""", output);
    }

    [Fact]
    public void Mask_AllowedEscapedContent_StaysValidJson()
    {
        var output = Mask("""{"gender":"a\"b\\c\u0001<>&'"}""", HouseholdPlan);

        using var document = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal("a\"b\\c\u0001<>&'", document.RootElement.GetProperty("gender").GetString());
    }

    [Fact]
    public void Mask_EmptyPlan_ReturnsEmptyRecords()
    {
        Assert.Equal("""{"records":[{},{}],"total":2}""", Mask("""{"records":[{"name":"a"},{"id_number":"b"}],"total":2}""", FieldPlan.Empty));
    }

    [Fact]
    public async Task MaskAsync_OneBytePerRead_MatchesMaskForSmallInput()
    {
        const string Json = """ {"records":[{"\u0069d_number":"440305199001011234","name":"张三","household":{"a":[1,{"b":"c"}]},"internal_remarks":"CANARY-1","x":{"y":[1,2,{"z":"CANARY-2"}]}}],"total":1,"limit":20,"offset":0} """;
        var input = Encoding.UTF8.GetBytes(Json);

        var expected = JsonRecordMasker.Mask(input, Context(HouseholdPlan));
        var actual = await MaskStreamAsync(new OneBytePerReadStream(input), HouseholdPlan);

        Assert.Equal(expected, actual);
        Assert.Equal(-1, actual.AsSpan().IndexOf("CANARY-"u8));
    }

    [Fact]
    public async Task MaskAsync_OneBytePerRead_MatchesMaskFor200KilobyteInput()
    {
        var input = Encoding.UTF8.GetBytes(BigPage(700));
        Assert.True(input.Length >= 200 * 1024, $"input is {input.Length} bytes");

        var expected = JsonRecordMasker.Mask(input, Context(HouseholdPlan));
        var actual = await MaskStreamAsync(new OneBytePerReadStream(input), HouseholdPlan);

        Assert.Equal(expected, actual);
        Assert.Equal(-1, actual.AsSpan().IndexOf("CANARY-"u8));
    }

    [Fact]
    public async Task MaskAsync_TokenLargerThanBuffer_IsHandled()
    {
        var longText = new string('长', 40_000);
        var drop = new string('x', 70_000);
        var input = Encoding.UTF8.GetBytes($$"""{"records":[{"gender":"{{longText}}","skip":"{{drop}}CANARY-"}]}""");

        var actual = await MaskStreamAsync(new MemoryStream(input), HouseholdPlan);

        Assert.Equal($$"""{"records":[{"gender":"{{longText}}"}]}""", Encoding.UTF8.GetString(actual));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{\"records\":[{\"name\":\"a\"}]")]
    [InlineData("{\"records\":[{\"name\":\"a")]
    [InlineData("{\"name\":")]
    [InlineData("{\"name\":\"a\",}")]
    [InlineData("{\"name\":'a'}")]
    [InlineData("{\"name\":\"a\"} {}")]
    [InlineData("{\"name\":\"a\"}x")]
    [InlineData("[1,2")]
    [InlineData("{/* c */}")]
    [InlineData("nul")]
    public async Task Mask_InvalidOrTruncatedJson_ThrowsInvalidDataException(string json)
    {
        var input = Encoding.UTF8.GetBytes(json);

        Assert.Throws<InvalidDataException>(() => JsonRecordMasker.Mask(input, Context(HouseholdPlan)));
        await Assert.ThrowsAsync<InvalidDataException>(() => MaskStreamAsync(new OneBytePerReadStream(input), HouseholdPlan));
        await Assert.ThrowsAsync<InvalidDataException>(() => MaskStreamAsync(new MemoryStream(input), HouseholdPlan));
    }

    [Fact]
    public void Mask_InvalidUtf8_ThrowsInvalidDataException()
    {
        byte[] allowed = [.. "{\"gender\":\""u8, 0xC3, 0x28, .. "\"}"u8];
        byte[] masked = [.. "{\"name\":\""u8, 0xFF, .. "\"}"u8];

        Assert.Throws<InvalidDataException>(() => JsonRecordMasker.Mask(allowed, Context(HouseholdPlan)));
        Assert.Throws<InvalidDataException>(() => JsonRecordMasker.Mask(masked, Context(HouseholdPlan)));
    }

    [Fact]
    public async Task Mask_NestingDeeperThan64_ThrowsInvalidDataException()
    {
        var input = Encoding.UTF8.GetBytes("{\"records\":[{\"household\":" + new string('[', 70) + new string(']', 70) + "}]}");
        var dropped = Encoding.UTF8.GetBytes("{\"records\":[{\"other\":" + new string('[', 70) + new string(']', 70) + "}]}");

        Assert.Throws<InvalidDataException>(() => JsonRecordMasker.Mask(input, Context(HouseholdPlan)));
        Assert.Throws<InvalidDataException>(() => JsonRecordMasker.Mask(dropped, Context(HouseholdPlan)));
        await Assert.ThrowsAsync<InvalidDataException>(() => MaskStreamAsync(new OneBytePerReadStream(dropped), HouseholdPlan));
    }

    [Fact]
    public void Mask_NestingOf64_IsAccepted()
    {
        // The root object, the records array and the record take three levels.
        var inner = new string('[', 61) + new string(']', 61);
        var output = Mask("{\"records\":[{\"household\":" + inner + "}]}", HouseholdPlan);

        Assert.Equal("{\"records\":[{\"household\":" + inner + "}]}", output);
    }

    private static async Task<byte[]> MaskStreamAsync(Stream source, FieldPlan plan)
    {
        using var destination = new MemoryStream();
        await JsonRecordMasker.MaskAsync(source, destination, Context(plan), CancellationToken.None);
        return destination.ToArray();
    }

    private static string BigPage(int count)
    {
        var builder = new StringBuilder("{\"records\":[");
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(System.Globalization.CultureInfo.InvariantCulture, $$"""
                {"id_number":"4403051990010{{i % 10000:D5}}","name":"张三{{i}}","gender":"{{(i % 2 == 0 ? "男" : "女")}}","ethnicity":"汉",
                "address":"广东省深圳市南山区科技园路{{i}}号","household":{"id":"HH{{i}}","members":[{"rel":"户主"},{"rel":"子女","n":{{i}}}]},
                "internal_remarks":"CANARY-HR-{{i:D4}}","secret":{"a":["CANARY-A-{{i}}",{"b":"CANARY-B-{{i}}"}],"c":{{i}}.5e-3},
                "note":"\u0043ANARY-escaped-{{i}} \"quoted\" \\ slash"}
                """);
        }

        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"],\"total\":{count},\"limit\":{count},\"offset\":0}}");
        return builder.ToString();
    }
}
