using System.Buffers;

namespace Interchange.Gateway.DataPlane;

/// <summary>
/// Refuses request targets that could climb out of a dataset's prefix at the source: dot segments,
/// encoded slashes, dots or backslashes (single or double encoded), and raw backslashes.
/// </summary>
internal static class PathGuard
{
    // One vectorised pass over the path for all of them, without copying it: this runs on every request.
    private static readonly SearchValues<string> Forbidden =
        SearchValues.Create(["%2e", "%2f", "%5c", "%25", "\\", "/../", "/./"], StringComparison.OrdinalIgnoreCase);

    public static bool IsSafe(string rawTarget)
    {
        var path = rawTarget.AsSpan();
        var query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path[..query];
        }

        return path.IndexOfAny(Forbidden) < 0 && !path.EndsWith("/..", StringComparison.Ordinal) && !path.EndsWith("/.", StringComparison.Ordinal);
    }
}
