namespace Interchange.Core.Agencies;

/// <summary>A government department or agency that takes part in the interchange.</summary>
/// <remarks>The agency id is also its OAuth <c>client_id</c> and the <c>sub</c> of its tokens.</remarks>
public sealed class Agency
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    /// <summary>GB/T 2260 administrative division code, e.g. <c>440300</c> for Shenzhen.</summary>
    public required string Region { get; set; }

    public List<string> Roles { get; set; } = [];

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}
