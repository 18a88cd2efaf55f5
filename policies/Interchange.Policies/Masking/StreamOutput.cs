namespace Interchange.Policies.Masking;

/// <summary>Copies the transcoder's buffered output to a stream, then reuses the buffer.</summary>
internal readonly struct StreamOutput(Stream destination) : IMaskedOutput
{
    public async ValueTask WriteAsync(MaskingTranscoder transcoder, CancellationToken cancellationToken)
    {
        await destination.WriteAsync(transcoder.TakeOutput(), cancellationToken);
        transcoder.ClearOutput();
    }
}
