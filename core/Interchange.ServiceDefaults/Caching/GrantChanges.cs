using StackExchange.Redis;

namespace Interchange.ServiceDefaults.Caching;

/// <summary>
/// How a change of grants reaches every gateway: one counter, the grant epoch, is raised and its new value published.
/// Gateways tag what they cache with the epoch it was read under and use only entries of the current epoch, so
/// raising it drops every cached grant answer at once, on every instance, without naming any of them.
/// </summary>
public static class GrantChanges
{
    /// <summary>The counter (after the key prefix).</summary>
    public const string EpochKey = "grants:epoch";

    /// <summary>The channel its new values are published on (after the key prefix).</summary>
    public const string Channel = "grants:changed";

    // One script, so the counter is raised and its value published in one step.
    private const string RaiseScript = """
        local epoch = redis.call('INCR', KEYS[1])
        redis.call('PUBLISH', ARGV[1], epoch)
        return epoch
        """;

    /// <summary>Raises the epoch and publishes it; <c>(false, 0)</c> when Redis could not be reached in time.</summary>
    public static async ValueTask<(bool Done, long Epoch)> RaiseEpochAsync(RedisConnection redis, bool evenWhenResting = false)
    {
        var key = redis.Key(EpochKey);
        var channel = redis.Options.KeyPrefix + Channel;
        var (done, result) = await redis.TryAsync(db => db.ScriptEvaluateAsync(RaiseScript, [key], [channel]), evenWhenResting);
        return done ? (true, (long)result) : (false, 0);
    }
}
