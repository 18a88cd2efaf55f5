using System.Text;
using Interchange.Policies.Fields;
using Interchange.Policies.Masking;

namespace Interchange.Policies.Tests.Masking;

/// <summary>While masking, the records that leave are counted (for records_per_day) and capped (max_page_size).</summary>
public sealed class RecordCountTests
{
    private static readonly Pseudonymiser Pseudonymiser = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static readonly FieldPlan NameOnly = new([new FieldRule("name", FieldRuleKind.Allow)]);

    [Theory]
    [InlineData("""{"records":[{"name":"a"},{"name":"b"},{"name":"c"}],"total":3,"limit":3,"offset":0}""", 3)]
    [InlineData("""{"records":[],"total":0}""", 0)]
    [InlineData("""[{"name":"a"},{"name":"b"}]""", 2)]
    [InlineData("""{"name":"a","id_number":"440305199001011234"}""", 1)]
    [InlineData("""{"records":[{"name":"a"},"not a record",[{"name":"nested"}],{"name":"b"}]}""", 2)]
    [InlineData("""{"records":[{"name":"a","household":[{"name":"x"},{"name":"y"}]}]}""", 1)]
    [InlineData("""42""", 0)]
    public void Mask_CountsEachRecordObject_OrOneForASingleRecord(string json, int records)
    {
        var counter = new RecordCounter();

        Mask(json, counter);

        Assert.Equal(records, counter.Count);
    }

    [Fact]
    public void Mask_ExactlyTheMaximum_IsMaskedWhole()
    {
        var counter = new RecordCounter(max: 2);

        var output = Mask("""{"records":[{"name":"a"},{"name":"b"}],"total":2}""", counter);

        Assert.Equal("""{"records":[{"name":"a"},{"name":"b"}],"total":2}""", output);
        Assert.Equal(2, counter.Count);
    }

    [Fact]
    public void Mask_MoreThanTheMaximum_ThrowsBeforeTheRecordPastItIsWritten()
    {
        var counter = new RecordCounter(max: 2);

        var thrown = Assert.Throws<RecordLimitExceededException>(() => Mask("""[{"name":"a"},{"name":"b"},{"name":"CUT"}]""", counter));

        Assert.Equal(2, thrown.Max);
        Assert.Equal(2, counter.Count);
    }

    [Fact]
    public async Task MaskAsync_Streamed_MoreThanTheMaximum_ThrowsAndNothingOfTheRecordPastItLeaves()
    {
        var counter = new RecordCounter(max: 3);
        var json = "[" + string.Join(',', Enumerable.Range(0, 5).Select(i => $$"""{"name":"person-{{i}}"}""")) + "]";
        using var output = new MemoryStream();

        await Assert.ThrowsAsync<RecordLimitExceededException>(() =>
            JsonRecordMasker.MaskAsync(new OneBytePerReadStream(Encoding.UTF8.GetBytes(json)), output, Context(counter), CancellationToken.None));

        Assert.DoesNotContain("person-3", Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
        Assert.Equal(3, counter.Count);
    }

    private static string Mask(string json, RecordCounter counter) =>
        Encoding.UTF8.GetString(JsonRecordMasker.Mask(Encoding.UTF8.GetBytes(json), Context(counter)));

    private static MaskingContext Context(RecordCounter counter) => new(NameOnly, "sz-civil-affairs", Pseudonymiser) { Records = counter };
}
