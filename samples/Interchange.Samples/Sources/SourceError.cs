namespace Interchange.Samples.Sources;

/// <summary>The error body of a demo source: a short code and a sentence for people.</summary>
internal sealed record SourceError(string Error, string Detail);
