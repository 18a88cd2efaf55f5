using System.Collections.Concurrent;

namespace Interchange.Gateway.DataPlane;

/// <summary>
/// Per-consumer, per-dataset requests-per-minute from the list entry's limits: a fixed one-minute window.
/// In-process; the distributed topology puts the counters in Redis behind the same method.
/// </summary>
internal sealed class RateLimiter(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Agency, string Dataset), Window> _windows = new();

    /// <summary>Counts the request; when over <paramref name="perMinute"/>, returns how long until the window resets.</summary>
    public TimeSpan? TryAcquire(string agency, string dataset, int perMinute)
    {
        var now = time.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        var window = _windows.GetOrAdd((agency, dataset), static _ => new Window());
        lock (window)
        {
            if (window.Minute != minute)
            {
                window.Minute = minute;
                window.Count = 0;
            }

            if (window.Count >= perMinute)
            {
                return TimeSpan.FromSeconds(60 - (now.ToUnixTimeSeconds() % 60));
            }

            window.Count++;
            return null;
        }
    }

    private sealed class Window
    {
        public long Minute;
        public int Count;
    }
}
