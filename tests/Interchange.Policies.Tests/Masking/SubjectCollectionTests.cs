using System.Text;
using Interchange.Policies.Fields;
using Interchange.Policies.Masking;

namespace Interchange.Policies.Tests.Masking;

/// <summary>While masking, each record's raw subject value is collected for the audit record, whatever the consumer may see.</summary>
public sealed class SubjectCollectionTests
{
    private static readonly Pseudonymiser Pseudonymiser = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static readonly FieldPlan NameOnly = new([new FieldRule("name", FieldRuleKind.Mask, keepFirst: 1)]);

    private static readonly FieldPlan MaskedId = new([new FieldRule("id_number", FieldRuleKind.Mask, keepFirst: 6, keepLast: 4), new FieldRule("name", FieldRuleKind.Allow)]);

    private static (string Output, IReadOnlyList<string> Subjects) Mask(string json, FieldPlan plan)
    {
        var subjects = new SubjectCollector("id_number");
        var context = new MaskingContext(plan, "sz-civil-affairs", Pseudonymiser) { Subjects = subjects };
        var output = Encoding.UTF8.GetString(JsonRecordMasker.Mask(Encoding.UTF8.GetBytes(json), context));
        return (output, subjects.Values);
    }

    [Fact]
    public void Page_CollectsEveryRecordsRawSubject_WhileTheOutputStaysMasked()
    {
        var (output, subjects) = Mask("""
            {"records":[{"id_number":"440305199001011234","name":"张三"},{"name":"李四","id_number":"440305198802150011"}],"total":2}
            """, MaskedId);

        Assert.Equal(["440305199001011234", "440305198802150011"], subjects);
        Assert.Equal("""{"records":[{"id_number":"440305********1234","name":"张三"},{"name":"李四","id_number":"440305********0011"}],"total":2}""", output);
    }

    [Fact]
    public void SubjectFieldNotGranted_IsStillCollected_ButNeverWritten()
    {
        var (output, subjects) = Mask("""{"id_number":"440305199001011234","name":"张三"}""", NameOnly);

        Assert.Equal(["440305199001011234"], subjects);
        Assert.Equal("""{"name":"张*"}""", output);
    }

    [Fact]
    public void EscapedAndNumericSubjects_AreCollectedAsTheirText()
    {
        var (_, subjects) = Mask("""[{"id_number":"44030519900101123\u0058"},{"id_number":440305199001011234},{"id_number":null},{"id_number":{"nested":"x"}}]""", NameOnly);

        Assert.Equal(["44030519900101123X", "440305199001011234"], subjects);
    }

    [Fact]
    public void SubjectNamesDeeperThanARecord_AreNotSubjects()
    {
        var (_, subjects) = Mask("""{"records":[{"name":"张三","household":{"id_number":"440305198802150011"}}]}""", NameOnly);

        Assert.Empty(subjects);
    }

    [Fact]
    public async Task Streaming_OneBytePerRead_CollectsTheSameSubjects()
    {
        var json = """{"records":[{"id_number":"440305199001011234","name":"张三"},{"id_number":"440305198802150011","name":"李四"}]}""";
        var subjects = new SubjectCollector("id_number");
        using var output = new MemoryStream();

        await JsonRecordMasker.MaskAsync(new OneBytePerReadStream(Encoding.UTF8.GetBytes(json)), output,
            new MaskingContext(NameOnly, "sz-civil-affairs", Pseudonymiser) { Subjects = subjects }, CancellationToken.None);

        Assert.Equal(["440305199001011234", "440305198802150011"], subjects.Values);
        Assert.Equal("""{"records":[{"name":"张*"},{"name":"李*"}]}""", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void WithoutACollector_TheOutputIsTheSame()
    {
        var json = """{"records":[{"id_number":"440305199001011234","name":"张三"}]}""";
        var (withCollector, _) = Mask(json, MaskedId);

        var without = Encoding.UTF8.GetString(JsonRecordMasker.Mask(Encoding.UTF8.GetBytes(json), new MaskingContext(MaskedId, "sz-civil-affairs", Pseudonymiser)));

        Assert.Equal(withCollector, without);
    }
}
