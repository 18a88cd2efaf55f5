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
}
