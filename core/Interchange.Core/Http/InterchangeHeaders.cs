namespace Interchange.Core.Http;

/// <summary>HTTP header names of the public contract.</summary>
public static class InterchangeHeaders
{
    public const string Purpose = "Interchange-Purpose";
    public const string Case = "Interchange-Case";
    public const string RequestId = "Interchange-Request-Id";
    public const string Rule = "Interchange-Rule";

    /// <summary>The gateway's own assertion of the calling agency, sent to sources; never accepted from clients.</summary>
    public const string Agency = "Interchange-Agency";

    /// <summary>Purpose codes and case references are short identifiers; longer values are not put on record.</summary>
    public const int MaxValueLength = 128;

    /// <summary>
    /// Whether a purpose or case value may travel in a header: at most <see cref="MaxValueLength"/> characters of
    /// printable ASCII. A CR, LF or NUL would end the header (or the whole request) on the wire, so whatever turns
    /// a caller's input into one of these headers checks it here first, at every hop.
    /// </summary>
    public static bool IsValidValue(ReadOnlySpan<char> value) =>
        value.Length <= MaxValueLength && !value.ContainsAnyExceptInRange(' ', '~');
}
