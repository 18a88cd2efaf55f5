using System.Buffers;
using System.IO.Pipelines;

namespace Interchange.Policies.Masking;

/// <summary>
/// Masks the records of a source's JSON response for one consumer, streaming (<see cref="System.Text.Json.Utf8JsonReader"/>
/// to <see cref="System.Text.Json.Utf8JsonWriter"/>, no DOM). Only the fields of the plan leave, transformed by their rule;
/// every other field, and every shape the sources do not serve, is dropped — the masker fails closed.
/// </summary>
/// <remarks>
/// Accepted shapes: a page <c>{"records":[{…}], "total":n, "limit":n, "offset":n}</c>, a single record <c>{…}</c>, or an
/// array of records. Invalid JSON, truncated JSON and nesting deeper than 64 throw <see cref="InvalidDataException"/>;
/// by then part of the output may have been written, so the caller must abort the response rather than complete it.
/// </remarks>
public static class JsonRecordMasker
{
    private const int ChunkSize = 16 * 1024;

    // Output is handed to the destination once this much is pending, so memory stays bounded by the chunk size.
    private const int FlushThreshold = 16 * 1024;

    public static async Task MaskAsync(Stream source, Stream destination, MaskingContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(context);

        using var transcoder = new MaskingTranscoder(context, FlushThreshold * 2);
        await PumpAsync(source, transcoder, new StreamOutput(destination), cancellationToken);
        await destination.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Masks <paramref name="source"/> straight into <paramref name="destination"/>'s buffers, without the copy through the
    /// masker's own buffer that a <see cref="Stream"/> destination costs: e.g. an ASP.NET Core response's <c>BodyWriter</c>,
    /// or a buffer that holds a personal answer until its audit record is durable. A <see cref="PipeWriter"/> is flushed
    /// every 16 KB and at the end; any other buffer writer only receives the bytes (committed with
    /// <see cref="IBufferWriter{T}.Advance"/>), and the caller decides when they leave.
    /// </summary>
    public static async Task MaskAsync(Stream source, IBufferWriter<byte> destination, MaskingContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(context);

        using var transcoder = new MaskingTranscoder(context, destination);
        await PumpAsync(source, transcoder, new BufferWriterOutput(destination as PipeWriter), cancellationToken);
    }

    public static byte[] Mask(ReadOnlySpan<byte> json, MaskingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        using var transcoder = new MaskingTranscoder(context, json.Length + 64);
        transcoder.Process(json, isFinalBlock: true);
        return transcoder.TakeOutput().ToArray();
    }

    /// <summary>Reads <paramref name="source"/> in chunks through the transcoder, handing output on as it builds up.</summary>
    private static async Task PumpAsync<TOutput>(Stream source, MaskingTranscoder transcoder, TOutput output, CancellationToken cancellationToken)
        where TOutput : IMaskedOutput
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            // buffer[0..filled) holds input not yet consumed: the tail of a token split across reads.
            var filled = 0;
            var isFinalBlock = false;
            while (!isFinalBlock)
            {
                if (filled == buffer.Length)
                {
                    // One token is larger than the buffer: grow it, since the reader needs the whole token at once.
                    buffer = Grow(buffer, filled);
                }

                var read = await source.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    isFinalBlock = true;
                }

                filled += read;
                var consumed = transcoder.Process(buffer.AsSpan(0, filled), isFinalBlock);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;

                if (transcoder.PendingBytes >= FlushThreshold || isFinalBlock)
                {
                    await output.WriteAsync(transcoder, cancellationToken);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Grow(byte[] buffer, int filled)
    {
        var grown = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, filled).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(buffer);
        return grown;
    }
}
