namespace Interchange.Gateway.DataPlane;

/// <summary>
/// Refuses request targets that could climb out of a dataset's prefix at the source: dot segments,
/// encoded slashes, dots or backslashes (single or double encoded), and raw backslashes.
/// </summary>
internal static class PathGuard
{
    private static readonly string[] Forbidden = ["%2e", "%2f", "%5c", "%25", "\\", "/../", "/./"];

    public static bool IsSafe(string rawTarget)
    {
        var path = rawTarget;
        var query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            path = path[..query];
        }

        foreach (var bad in Forbidden)
        {
            if (path.Contains(bad, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return !path.EndsWith("/..", StringComparison.Ordinal) && !path.EndsWith("/.", StringComparison.Ordinal);
    }
}
