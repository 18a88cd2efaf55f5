namespace Interchange.Catalog.Endpoint;

/// <summary>Per-request facts resolvers need: the request id (shared with the gateway and the audit log) and the caller's bearer token.</summary>
public sealed class CatalogUserContext : Dictionary<string, object?>
{
    public required string RequestId { get; init; }

    /// <summary>The caller's own token, passed on only to the gateway when data is read on the caller's behalf.</summary>
    public required string? BearerToken { get; init; }
}
