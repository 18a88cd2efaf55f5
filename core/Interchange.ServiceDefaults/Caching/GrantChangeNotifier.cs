using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Interchange.ServiceDefaults.Caching;

/// <summary>
/// Tells every gateway that grants changed (approved, revoked, expired), after the change is committed. When Redis
/// cannot be reached the change is published as soon as it can be, and the caller is held for the cache lease first:
/// a gateway that cannot reach Redis either stops trusting its cache within the lease, so when the caller is answered
/// no gateway still allows on an answer cached before the change.
/// </summary>
public sealed partial class GrantChangeNotifier(RedisConnection redis, ILogger<GrantChangeNotifier> logger) : IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private long _requested;
    private long _delivered;
    private Task? _retrying;

    /// <summary>Publishes the change; returns once published, or after the cache lease when Redis is unreachable.</summary>
    public async Task GrantsChangedAsync(CancellationToken cancellationToken)
    {
        var generation = Interlocked.Increment(ref _requested);
        if (await TryRaiseAsync(generation))
        {
            return;
        }

        LogDeferred(logger, redis.Options.CacheLease);
        EnsureRetrying();
        var deadline = Stopwatch.GetTimestamp() + (long)(redis.Options.CacheLease.TotalSeconds * Stopwatch.Frequency);
        try
        {
            while (Volatile.Read(ref _delivered) < generation && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(RetryInterval / 2, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The change is committed and its publication goes on; only the caller stopped waiting.
        }
    }

    // Cancelled, not disposed: a retry that starts late must still be able to read the token.
    public void Dispose() => _stopping.Cancel();

    private async Task<bool> TryRaiseAsync(long generation)
    {
        if (!(await GrantChanges.RaiseEpochAsync(redis, evenWhenResting: true)).Done)
        {
            return false;
        }

        // One raise after the commits of every generation up to this one covers them all.
        long seen;
        while ((seen = Volatile.Read(ref _delivered)) < generation && Interlocked.CompareExchange(ref _delivered, generation, seen) != seen)
        {
        }

        return true;
    }

    private void EnsureRetrying()
    {
        lock (_lock)
        {
            _retrying ??= Task.Run(RetryAsync);
        }
    }

    private async Task RetryAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            lock (_lock)
            {
                if (Volatile.Read(ref _delivered) >= Volatile.Read(ref _requested))
                {
                    _retrying = null;
                    return;
                }
            }

            if (await TryRaiseAsync(Volatile.Read(ref _requested)))
            {
                LogDelivered(logger);
                continue;
            }

            try
            {
                await Task.Delay(RetryInterval, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "A grant change could not be published to Redis; it is retried, and the caller waits the cache lease ({Lease}) first")]
    private static partial void LogDeferred(ILogger logger, TimeSpan lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "A deferred grant change was published to Redis")]
    private static partial void LogDelivered(ILogger logger);
}
