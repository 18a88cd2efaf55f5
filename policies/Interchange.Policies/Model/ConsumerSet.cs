using Interchange.Core.Regions;
using System.Collections.Frozen;

namespace Interchange.Policies.Model;

/// <summary>
/// The consumers a list entry names: any agency, specific agencies, or agencies of given regions.
/// A set that states none is open: conditional entries then leave the choice to grants.
/// </summary>
public sealed class ConsumerSet
{
    // Trailing "00" pairs are cut once here so that matching a region is a prefix test that does not allocate.
    private readonly string[] _regionPrefixes;

    private ConsumerSet(bool any, IEnumerable<string> agencies, IEnumerable<string> regions)
    {
        Any = any;
        Agencies = agencies.ToFrozenSet(StringComparer.Ordinal);
        Regions = regions.ToFrozenSet(StringComparer.Ordinal);
        _regionPrefixes = Regions.Select(RegionCodes.Prefix).ToArray();
    }

    /// <summary>No consumers stated.</summary>
    public static ConsumerSet Open { get; } = new(false, [], []);

    /// <summary>Every agency.</summary>
    public static ConsumerSet AnyAgency { get; } = new(true, [], []);

    public bool Any { get; }

    public IReadOnlySet<string> Agencies { get; }

    /// <summary>GB/T 2260 codes; a code covers the regions within it (province 440000 covers 4403xx).</summary>
    public IReadOnlySet<string> Regions { get; }

    /// <summary>Nothing stated: on a conditional entry, grants alone decide who may read.</summary>
    public bool IsOpen => !Any && Agencies.Count == 0 && Regions.Count == 0;

    public static ConsumerSet Of(IEnumerable<string> agencies, IEnumerable<string> regions) => new(false, agencies, regions);

    /// <summary>
    /// Whether the agency is named, or lies in a named region. An open set excludes nobody, because
    /// it leaves the decision to grants.
    /// </summary>
    public bool Matches(string agencyId, string region)
    {
        if (Any || IsOpen || Agencies.Contains(agencyId))
        {
            return true;
        }

        if (string.IsNullOrEmpty(region))
        {
            return false;
        }

        foreach (var prefix in _regionPrefixes)
        {
            if (region.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="code"/> is a well-formed GB/T 2260 code (see <see cref="RegionCodes"/>).</summary>
    public static bool IsRegionCode(string code) => RegionCodes.IsValid(code);

    public override string ToString() =>
        Any ? "any" : IsOpen ? "open" : $"agencies [{string.Join(", ", Agencies)}], regions [{string.Join(", ", Regions)}]";
}
