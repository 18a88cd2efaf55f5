using System.Text.RegularExpressions;

namespace Interchange.Core.Agencies;

/// <summary>An agency id is its OAuth client id and appears in tokens, lists and audit records: short, lower-case, URL-safe.</summary>
public static partial class AgencyIds
{
    public static bool IsValid(string? id) => id is not null && Shape().IsMatch(id);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex Shape();
}
