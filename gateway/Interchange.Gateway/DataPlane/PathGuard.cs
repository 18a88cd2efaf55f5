using System.Buffers;

namespace Interchange.Gateway.DataPlane;

/// <summary>
/// Refuses request targets that could climb out of a dataset's prefix at the source: dot segments, raw
/// backslashes, encoded dots, slashes, backslashes or percent signs (so nothing is double encoded), a
/// <c>%</c> that does not start an escape of two hex digits (<c>%%32%65</c> would reach the source as
/// <c>%252e</c> once the server kept the stray <c>%</c>), and encoded control characters.
/// </summary>
internal static class PathGuard
{
    // One vectorised pass that stops only where something needs a look; the query ('?') ends the path.
    private static readonly SearchValues<char> Stops = SearchValues.Create("%\\.?");

    public static bool IsSafe(string rawTarget)
    {
        var path = rawTarget.AsSpan();
        var at = 0;
        while (true)
        {
            var next = path[at..].IndexOfAny(Stops);
            if (next < 0)
            {
                return true;
            }

            at += next;
            switch (path[at])
            {
                case '?':
                    return true;
                case '\\':
                    return false;
                case '.':
                    if (IsDotSegment(path, at))
                    {
                        return false;
                    }

                    at++;
                    break;
                default:
                    if (at + 2 >= path.Length || HexValue(path[at + 1]) is not { } high || HexValue(path[at + 2]) is not { } low
                        || !IsHarmless((char)((high << 4) | low)))
                    {
                        return false;
                    }

                    at += 3;
                    break;
            }
        }
    }

    /// <summary>A decoded byte that is not a separator, a dot, a percent sign or a control character.</summary>
    private static bool IsHarmless(char decoded) =>
        decoded is not ('.' or '/' or '\\' or '%' or (< ' ') or '\x7f');

    /// <summary><c>.</c> or <c>..</c> as a whole segment: after a slash, before a slash, the query or the end.</summary>
    private static bool IsDotSegment(ReadOnlySpan<char> path, int dot)
    {
        if (dot == 0 || path[dot - 1] != '/')
        {
            return false;
        }

        var end = dot + 1 < path.Length && path[dot + 1] == '.' ? dot + 2 : dot + 1;
        return end == path.Length || path[end] is '/' or '?';
    }

    private static int? HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => null,
    };
}
