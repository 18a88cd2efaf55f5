using System.Collections.Concurrent;
using Interchange.Gateway.Caching;
using Interchange.ServiceDefaults.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Interchange.Gateway.DataPlane;

/// <summary>
/// Per-consumer, per-dataset requests-per-minute from the list entry's limits: a fixed one-minute window.
/// Without Redis the window is in process. With Redis it is one counter in Redis that every gateway instance counts
/// against (one atomic script per request). When Redis cannot answer in time, each instance allows only its share of
/// the limit (limit / <see cref="GatewayCacheOptions.Instances"/>, at least 1) in process, counting what it already let
/// through this minute, so a limit never becomes N times looser: at most about twice the limit in the minute Redis fails.
/// </summary>
internal sealed class RateLimiter(TimeProvider time, RedisConnection? redis = null, IOptions<GatewayCacheOptions>? cacheOptions = null)
{
    // Counts only what it lets through, as the in-process window does; the key ends with its minute.
    private const string AcquireScript = """
        local count = tonumber(redis.call('GET', KEYS[1]) or '0')
        if count >= tonumber(ARGV[1]) then
          return -1
        end
        count = redis.call('INCR', KEYS[1])
        if count == 1 then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return count
        """;

    private readonly ConcurrentDictionary<(string Agency, string Dataset), Window> _windows = new();
    private readonly int _instances = cacheOptions?.Value.Instances ?? 1;

    /// <summary>Counts the request; when over <paramref name="perMinute"/>, returns how long until the window resets.</summary>
    public async ValueTask<TimeSpan?> TryAcquireAsync(string agency, string dataset, int perMinute)
    {
        var now = time.GetUtcNow();
        var seconds = now.ToUnixTimeSeconds();
        var minute = seconds / 60;
        var untilReset = TimeSpan.FromSeconds(60 - (seconds % 60));
        if (redis is null)
        {
            return TryAcquireHere(agency, dataset, minute, perMinute) ? null : untilReset;
        }

        var key = redis.Key($"ratelimit:{minute}:{agency}:{dataset}");
        var expiry = (long)(untilReset + TimeSpan.FromSeconds(5)).TotalMilliseconds;
        var (counted, result) = await redis.TryAsync(db => db.ScriptEvaluateAsync(AcquireScript, [key], [perMinute, expiry]));
        if (counted)
        {
            if ((long)result < 0)
            {
                return untilReset;
            }

            // Counted here too, so that if Redis fails later this minute this instance's share already holds it.
            CountHere(agency, dataset, minute);
            return null;
        }

        var share = Math.Max(1, perMinute / _instances);
        return TryAcquireHere(agency, dataset, minute, share) ? null : untilReset;
    }

    private bool TryAcquireHere(string agency, string dataset, long minute, int limit)
    {
        var window = _windows.GetOrAdd((agency, dataset), static _ => new Window());
        lock (window)
        {
            window.Start(minute);
            if (window.Count >= limit)
            {
                return false;
            }

            window.Count++;
            return true;
        }
    }

    private void CountHere(string agency, string dataset, long minute)
    {
        var window = _windows.GetOrAdd((agency, dataset), static _ => new Window());
        lock (window)
        {
            window.Start(minute);
            window.Count++;
        }
    }

    private sealed class Window
    {
        public long Minute;
        public int Count;

        public void Start(long minute)
        {
            if (Minute != minute)
            {
                Minute = minute;
                Count = 0;
            }
        }
    }
}
