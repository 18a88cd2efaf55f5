using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Interchange.Policies.Fields;
using Interchange.Policies.Masking;

namespace Interchange.Policies.Tests.Masking;

/// <summary><see cref="JsonRecordMasker.MaskAsync(Stream, IBufferWriter{byte}, MaskingContext, CancellationToken)"/> writes what the stream overload writes.</summary>
public sealed class BufferWriterMaskingTests
{
    private static readonly Pseudonymiser Pseudonymiser = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static readonly FieldPlan Plan = new(
    [
        new FieldRule("id_number", FieldRuleKind.Mask, keepFirst: 6, keepLast: 4),
        new FieldRule("name", FieldRuleKind.Mask, keepFirst: 1),
        new FieldRule("address", FieldRuleKind.Generalise, to: GeneraliseTo.District),
        new FieldRule("household_id", FieldRuleKind.Pseudonymise),
        new FieldRule("gender", FieldRuleKind.Allow),
    ]);

    [Fact]
    public async Task MaskAsync_ToBufferWriter_WritesWhatMaskWritesAndCollectsTheSameSubjects()
    {
        var input = Page(800);
        var expectedSubjects = new SubjectCollector("id_number");
        var expected = JsonRecordMasker.Mask(input, Context(expectedSubjects));
        var subjects = new SubjectCollector("id_number");
        var destination = new ArrayBufferWriter<byte>();

        await JsonRecordMasker.MaskAsync(new OneBytePerReadStream(input), destination, Context(subjects), CancellationToken.None);

        Assert.True(expected.Length > 64 * 1024, $"output is {expected.Length} bytes");
        Assert.Equal(expected, destination.WrittenSpan.ToArray());
        Assert.Equal(expectedSubjects.Values, subjects.Values);
    }

    [Fact]
    public async Task MaskAsync_ToPipeWriter_StreamsWhatMaskWrites()
    {
        var input = Page(800);
        var expected = JsonRecordMasker.Mask(input, Context(subjects: null));
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));

        await JsonRecordMasker.MaskAsync(new MemoryStream(input), pipe.Writer, Context(subjects: null), CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        using var received = new MemoryStream();
        await pipe.Reader.CopyToAsync(received);

        Assert.Equal(expected, received.ToArray());
    }

    [Fact]
    public async Task MaskAsync_ToBufferWriter_InvalidJson_ThrowsInvalidDataException()
    {
        var input = Encoding.UTF8.GetBytes("""{"records":[{"name":"a"}""");

        await Assert.ThrowsAsync<InvalidDataException>(() =>
            JsonRecordMasker.MaskAsync(new MemoryStream(input), new ArrayBufferWriter<byte>(), Context(subjects: null), CancellationToken.None));
    }

    private static MaskingContext Context(SubjectCollector? subjects) => new(Plan, "sz-civil-affairs", Pseudonymiser) { Subjects = subjects };

    private static byte[] Page(int count)
    {
        var builder = new StringBuilder("{\"records\":[");
        for (var i = 0; i < count; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append(System.Globalization.CultureInfo.InvariantCulture,
                $$"""{"id_number":"4403051990{{i:D8}}","name":"张三{{i}}","address":"广东省深圳市南山区科技园路{{i}}号","household_id":"HH{{i / 3}}","gender":"男","drop":"CANARY-{{i}}"}""");
        }

        return Encoding.UTF8.GetBytes(builder.Append("],\"total\":1}").ToString());
    }
}
