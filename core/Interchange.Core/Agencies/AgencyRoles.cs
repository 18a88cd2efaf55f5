namespace Interchange.Core.Agencies;

/// <summary>The roles an agency can hold; carried in the <c>role</c> claim of its tokens.</summary>
public static class AgencyRoles
{
    public const string Consumer = "consumer";
    public const string Provider = "provider";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Consumer, Provider, Auditor, Admin };
}
