using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Options;

namespace Interchange.Identity.Tokens;

/// <summary>
/// Repeated failed client authentications from one address for one claimed client id are throttled
/// (SECURITY.md case 11): after <see cref="IdentityServerOptions.MaxClientFailures"/> failures within
/// <see cref="IdentityServerOptions.ClientFailureWindow"/>, further attempts — right secret or wrong —
/// are refused until the window ends. Counting by claimed id and address, not by agency, means a
/// guesser elsewhere cannot lock a real agency out.
/// </summary>
public sealed class ClientFailureThrottle(IOptions<IdentityServerOptions> options, TimeProvider time)
{
    private const int MaxTracked = 100_000;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait, or <c>null</c> when it may try.</summary>
    public TimeSpan? RetryAfter(string key)
    {
        if (!_windows.TryGetValue(key, out var window))
        {
            return null;
        }

        lock (window)
        {
            var left = window.Start + options.Value.ClientFailureWindow - time.GetUtcNow();
            return window.Failures >= options.Value.MaxClientFailures && left > TimeSpan.Zero ? left : null;
        }
    }

    public void RecordFailure(string key)
    {
        if (_windows.Count >= MaxTracked)
        {
            // Bounded memory under a flood of invented ids: forgetting resets counts, it never lets more through at once.
            _windows.Clear();
        }

        var now = time.GetUtcNow();
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

    /// <summary>The throttling key: the claimed client id (bounded, printable) and the remote address.</summary>
    public static string Key(string? clientId, string? remoteAddress) => Printable(clientId ?? "") + "|" + (remoteAddress ?? "");

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

    private sealed class Window
    {
        public DateTimeOffset Start = DateTimeOffset.MinValue;
        public int Failures;
    }
}
