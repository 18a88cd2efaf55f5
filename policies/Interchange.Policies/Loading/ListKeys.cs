namespace Interchange.Policies.Loading;

/// <summary>The keys each mapping of a list file may hold; the JSON schema beside the lists states the same (a test compares them).</summary>
internal static class ListKeys
{
    public static readonly string[] Root = ["department", "version", "effective_from", "entries"];

    public static readonly string[] Department = ["id", "name", "region", "office", "contact"];

    public static readonly string[] Entry =
    [
        "dataset", "title", "classification", "personal", "subject", "sharing", "legal_basis", "reply_deadline_days",
        "update_frequency", "consumers", "purposes", "fields", "limits", "effective_from", "valid_until", "methods",
    ];

    public static readonly string[] Consumers = ["agencies", "regions"];

    public static readonly string[] Rule = ["rule", "keep_first", "keep_last", "to", "purposes", "consumers"];

    /// <summary>A field holds its type and either one rule inline or a <c>rules</c> list.</summary>
    public static readonly string[] Field = ["type", "personal", "rules", .. Rule];

    public static readonly string[] Limits = ["per_minute", "records_per_day", "max_page_size"];

    /// <summary>
    /// The methods an entry may let through to its source. TRACE, CONNECT and OPTIONS are left out: they
    /// read or tunnel nothing of the dataset and only probe the source behind the gateway.
    /// </summary>
    public static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

    public static readonly string[] FieldTypes = ["string", "number", "integer", "boolean", "date", "datetime", "object", "array"];
}
