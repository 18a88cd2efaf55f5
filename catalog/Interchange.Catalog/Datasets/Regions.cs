namespace Interchange.Catalog.Datasets;

/// <summary>GB/T 2260 containment: <c>440000</c> (Guangdong) contains <c>440300</c> (Shenzhen) and its districts.</summary>
public static class Regions
{
    public static bool IsValid(string code) => code.Length == 6 && code.All(char.IsAsciiDigit);

    /// <summary>The prefix every code inside <paramref name="code"/> starts with.</summary>
    public static string Prefix(string code)
    {
        var prefix = code;
        while (prefix.Length > 2 && prefix.EndsWith("00", StringComparison.Ordinal))
        {
            prefix = prefix[..^2];
        }

        return prefix;
    }
}
