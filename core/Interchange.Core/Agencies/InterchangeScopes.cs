namespace Interchange.Core.Agencies;

/// <summary>OAuth scopes an agency token can carry.</summary>
public static class InterchangeScopes
{
    /// <summary>GraphQL discovery and the access workflow.</summary>
    public const string Catalog = "catalog";

    /// <summary>The data plane (<c>/data/…</c>).</summary>
    public const string Data = "data";

    /// <summary>Auditor queries and audit proofs.</summary>
    public const string Audit = "audit";

    /// <summary>Registering sources in the catalogue.</summary>
    public const string Registry = "registry";

    public static readonly IReadOnlyList<string> All = [Catalog, Data, Audit, Registry];

    /// <summary>The audience every Interchange access token is issued for.</summary>
    public const string Audience = "interchange";
}
