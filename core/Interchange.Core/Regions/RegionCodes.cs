namespace Interchange.Core.Regions;

/// <summary>
/// GB/T 2260 administrative division codes: six digits, province <c>440000</c> contains prefecture
/// <c>440300</c> (Shenzhen), which contains its districts (<c>440303</c>, …). The one definition of
/// region validity and containment, for lists, catalogue filters and registrations alike.
/// </summary>
public static class RegionCodes
{
    /// <summary>Six ASCII digits, not starting with 00.</summary>
    public static bool IsValid(string code) =>
        code.Length == 6 && code.All(char.IsAsciiDigit) && !code.StartsWith("00", StringComparison.Ordinal);

    /// <summary>The prefix every code inside <paramref name="code"/> starts with (trailing <c>00</c> pairs removed).</summary>
    public static string Prefix(string code)
    {
        var prefix = code;
        while (prefix.Length > 2 && prefix.EndsWith("00", StringComparison.Ordinal))
        {
            prefix = prefix[..^2];
        }

        return prefix;
    }

    /// <summary>Whether <paramref name="inner"/> is <paramref name="outer"/> or lies within it.</summary>
    public static bool Contains(string outer, string inner) => inner.StartsWith(Prefix(outer), StringComparison.Ordinal);
}
