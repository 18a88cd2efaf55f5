using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Options;

namespace Interchange.Identity.Tokens;

/// <summary>
/// Repeated failed client authentications are throttled (docs/security.md, case 11), counted two ways within
/// <see cref="IdentityServerOptions.ClientFailureWindow"/>: per claimed client id and address
/// (<see cref="IdentityServerOptions.MaxClientFailures"/>), so a guesser elsewhere does not lock a real agency out at
/// once; and per claimed client id from every address together (<see cref="IdentityServerOptions.MaxClientFailuresPerClient"/>),
/// so a guesser who changes address (many hosts, or a forwarded address it could choose) still meets a bound. Past
/// either, further attempts — right secret or wrong — are refused until the window ends.
/// </summary>
public sealed class ClientFailureThrottle(IOptions<IdentityServerOptions> options, TimeProvider time)
{
    private const int MaxTracked = 100_000;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait, or <c>null</c> when it may try.</summary>
    public TimeSpan? RetryAfter(string? clientId, string? remoteAddress)
    {
        var settings = options.Value;
        var fromAddress = RetryAfter(PairKey(clientId, remoteAddress), settings.MaxClientFailures);
        var fromAnywhere = RetryAfter(ClientKey(clientId), settings.MaxClientFailuresPerClient);
        if (fromAddress is null || fromAnywhere is null)
        {
            return fromAddress ?? fromAnywhere;
        }

        return fromAddress > fromAnywhere ? fromAddress : fromAnywhere;
    }

    public void RecordFailure(string? clientId, string? remoteAddress)
    {
        if (_windows.Count >= MaxTracked)
        {
            // Bounded memory under a flood of invented ids: forgetting resets counts, it never lets more through at once.
            _windows.Clear();
        }

        var now = time.GetUtcNow();
        Record(PairKey(clientId, remoteAddress), now);
        Record(ClientKey(clientId), now);
    }

    /// <summary>A claimed client id as it may appear in a record: at most 64 printable ASCII characters.</summary>
    public static string Printable(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, 64));
        foreach (var c in value)
        {
            if (builder.Length == 64)
            {
                break;
            }

            builder.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return builder.ToString();
    }

    private static string PairKey(string? clientId, string? remoteAddress) => Printable(clientId ?? "") + "|" + (remoteAddress ?? "");

    // No address contains '*', so the two kinds of key never meet.
    private static string ClientKey(string? clientId) => Printable(clientId ?? "") + "|*";

    private TimeSpan? RetryAfter(string key, int limit)
    {
        if (!_windows.TryGetValue(key, out var window))
        {
            return null;
        }

        lock (window)
        {
            var left = window.Start + options.Value.ClientFailureWindow - time.GetUtcNow();
            return window.Failures >= limit && left > TimeSpan.Zero ? left : null;
        }
    }

    private void Record(string key, DateTimeOffset now)
    {
        var window = _windows.GetOrAdd(key, static _ => new Window());
        lock (window)
        {
            if (now - window.Start >= options.Value.ClientFailureWindow)
            {
                window.Start = now;
                window.Failures = 0;
            }

            window.Failures++;
        }
    }

    private sealed class Window
    {
        public DateTimeOffset Start = DateTimeOffset.MinValue;
        public int Failures;
    }
}
