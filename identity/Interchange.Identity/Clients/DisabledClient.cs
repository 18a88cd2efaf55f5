namespace Interchange.Identity.Clients;

/// <summary>A registered client that is disabled, and since when.</summary>
public sealed record DisabledClient(string ClientId, DateTimeOffset DisabledAt);
