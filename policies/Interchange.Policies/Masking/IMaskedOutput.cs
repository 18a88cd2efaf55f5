namespace Interchange.Policies.Masking;

/// <summary>
/// Where <see cref="JsonRecordMasker"/> hands masked output on. Implemented by structs, so the shared read loop is
/// specialised per destination instead of calling through a delegate.
/// </summary>
internal interface IMaskedOutput
{
    /// <summary>Passes on the output the transcoder holds.</summary>
    ValueTask WriteAsync(MaskingTranscoder transcoder, CancellationToken cancellationToken);
}
