using System.Buffers;
using System.Net.Http.Headers;

namespace Interchange.Gateway.Routing;

/// <summary>
/// The one way the gateway puts a header on a request it sends: the value is checked here, then added as is.
/// Stricter than <see cref="HttpHeaders.Add(string, string)"/> (which only rejects line breaks) and without its
/// parsing cost: printable ASCII, space and tab only, and bounded.
/// </summary>
internal static class OutgoingHeader
{
    /// <summary>Far above any value the gateway sends (ids, purpose codes, case references, media types) and far below Kestrel's 32 KB of headers.</summary>
    public const int MaxValueLength = 4096;

    private static readonly SearchValues<char> Printable =
        SearchValues.Create("\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>Whether <paramref name="value"/> may be sent: not empty, bounded, no control or non-ASCII characters.</summary>
    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxValueLength } && !value.AsSpan().ContainsAnyExcept(Printable);

    /// <summary>Adds a value the gateway asserts itself; one that fails the check is a fault, and nothing is sent.</summary>
    public static void Add(HttpHeaders headers, string name, string value)
    {
        if (!IsValid(value) || !headers.TryAddWithoutValidation(name, value))
        {
            // The value is not quoted: it may be what a client sent.
            throw new InvalidOperationException($"The gateway's {name} header has a value it may not send; the request is not forwarded.");
        }
    }

    /// <summary>Adds a value a client sent, if it passes the check; one that does not is dropped.</summary>
    public static void TryCopy(HttpHeaders headers, string name, string? value)
    {
        if (IsValid(value))
        {
            headers.TryAddWithoutValidation(name, value);
        }
    }
}
