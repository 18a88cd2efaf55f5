using System.Collections.Concurrent;
using System.Diagnostics;
using Interchange.Core.Grants;
using Interchange.ServiceDefaults.Caching;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace Interchange.Gateway.Caching;

/// <summary>
/// Grant answers (the grant in force, or none) in process (L1) and in Redis (L2), each tagged with the grant epoch it
/// was read under and used only while that epoch is current and trusted (<see cref="GrantEpoch"/>). An entry never
/// outlives the grant's end, and a grant found in either level is used only while it is still in force. Redis errors
/// and slowness are misses: the caller reads the store.
/// </summary>
internal sealed class GrantCache(
    GrantEpoch epoch,
    IDistributedCache shared,
    RedisConnection redis,
    CachedGrant format,
    IOptions<GatewayCacheOptions> options,
    TimeProvider time)
{
    private readonly ConcurrentDictionary<GrantKey, Entry> _local = new();
    private readonly GatewayCacheOptions _options = options.Value;
    private long _localHits;
    private long _sharedHits;

    /// <summary>The epoch answers may be cached and used under now; null when only the store may answer.</summary>
    public long? Epoch => epoch.Current;

    internal long LocalHits => Interlocked.Read(ref _localHits);

    internal long SharedHits => Interlocked.Read(ref _sharedHits);

    public async ValueTask<(bool Found, Grant? Grant)> TryGetAsync(GrantKey key, long current)
    {
        var now = time.GetUtcNow();
        if (_local.TryGetValue(key, out var entry))
        {
            if (entry.Epoch == current && Stopwatch.GetTimestamp() < entry.Expires && (entry.Grant is null || entry.Grant.IsInForce(now)))
            {
                Interlocked.Increment(ref _localHits);
                return (true, entry.Grant);
            }

            _local.TryRemove(KeyValuePair.Create(key, entry));
        }

        var (read, bytes) = await redis.TryAsync(_ => shared.GetAsync(SharedKey(key, current)));
        if (!read || bytes is null || !format.TryRead(bytes, key, current, out var grant) || (grant is not null && !grant.IsInForce(now)))
        {
            return (false, null);
        }

        Interlocked.Increment(ref _sharedHits);
        PutLocal(key, current, grant, now);
        return (true, grant);
    }

    /// <summary>Keeps what the store answered, read after <paramref name="current"/> was the epoch.</summary>
    public void Put(GrantKey key, long current, Grant? grant)
    {
        var now = time.GetUtcNow();
        if (grant is not null && !grant.IsInForce(now))
        {
            return;
        }

        PutLocal(key, current, grant, now);
        var ttl = Lifetime(_options.GrantCacheSharedTtl, grant, now);
        // Redis keeps nothing for less than a second anyway.
        if (ttl >= TimeSpan.FromSeconds(1))
        {
            _ = PutSharedAsync(SharedKey(key, current), format.Write(key, current, grant), ttl);
        }
    }

    private void PutLocal(GrantKey key, long current, Grant? grant, DateTimeOffset now)
    {
        var ttl = Lifetime(_options.GrantCacheLocalTtl, grant, now);
        if (ttl <= TimeSpan.Zero || epoch.Current != current)
        {
            return;
        }

        if (_local.Count >= _options.GrantCacheSize)
        {
            // A simple bound: everything goes and is read again on use.
            _local.Clear();
        }

        _local[key] = new Entry(current, Stopwatch.GetTimestamp() + (long)(ttl.TotalSeconds * Stopwatch.Frequency), grant);
    }

    private async Task PutSharedAsync(string key, byte[] value, TimeSpan ttl) =>
        await redis.TryAsync(async _ =>
        {
            await shared.SetAsync(key, value, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl });
            return true;
        });

    /// <summary>The cache's own lifetime, cut to the grant's end.</summary>
    private static TimeSpan Lifetime(TimeSpan ttl, Grant? grant, DateTimeOffset now) =>
        grant is null || grant.Until - now > ttl ? ttl : grant.Until - now;

    private static string SharedKey(GrantKey key, long current) => $"grant:{current}:{CachedGrant.Hash(key)}";

    /// <param name="Expires">A <see cref="Stopwatch"/> timestamp.</param>
    private sealed record Entry(long Epoch, long Expires, Grant? Grant);
}
