using System.IO.Pipelines;

namespace Interchange.Policies.Masking;

/// <summary>Commits the output the transcoder wrote into the caller's buffer writer, and flushes it when it is a pipe.</summary>
internal readonly struct BufferWriterOutput(PipeWriter? pipe) : IMaskedOutput
{
    public async ValueTask WriteAsync(MaskingTranscoder transcoder, CancellationToken cancellationToken)
    {
        transcoder.TakeOutput();
        if (pipe is not null)
        {
            await pipe.FlushAsync(cancellationToken);
        }
    }
}
