using System.Diagnostics;
using Interchange.ServiceDefaults.Caching;
using StackExchange.Redis;

namespace Interchange.Gateway.Caching;

/// <summary>
/// The grant epoch under which this gateway may use cached grant answers, and for how long (the lease).
/// A heartbeat renews the lease only while the gateway is subscribed to grant changes and Redis answers in time;
/// it also reads the current epoch, so even a lost notice is caught within one heartbeat. When the connection drops
/// or a heartbeat fails, trust ends at once. On regaining it (and at start) the gateway raises the epoch itself:
/// changes made while it could not hear them may not have been published yet, and what anyone cached before is
/// then dropped everywhere.
/// </summary>
internal sealed partial class GrantEpoch : BackgroundService
{
    private static readonly Trust None = new(-1, 0);

    private readonly RedisConnection _redis;
    private readonly ILogger<GrantEpoch> _logger;
    private readonly RedisChannel _channel;
    private readonly RedisKey _key;
    private readonly Action<RedisChannel, RedisValue> _handler;
    private Trust _trust = None;
    private long _gaps;
    private long _raisedAfterGap = -1;

    public GrantEpoch(RedisConnection redis, ILogger<GrantEpoch> logger)
    {
        _redis = redis;
        _logger = logger;
        _channel = redis.Channel(GrantChanges.Channel);
        _key = redis.Key(GrantChanges.EpochKey);
        _handler = OnPublished;
    }

    /// <summary>The epoch cached grant answers must carry to be used now; null when none may be used.</summary>
    public long? Current
    {
        get
        {
            var trust = Volatile.Read(ref _trust);
            return trust.Epoch >= 0 && Stopwatch.GetTimestamp() < trust.Until ? trust.Epoch : null;
        }
    }

    /// <summary>One heartbeat; the background loop runs it every <see cref="RedisOptions.HeartbeatInterval"/>.</summary>
    internal async Task HeartbeatAsync()
    {
        if (Volatile.Read(ref _trust) is { } trust && trust != None && Stopwatch.GetTimestamp() >= trust.Until)
        {
            // The lease ran out between two heartbeats (a starved process): as good as a gap.
            Distrust();
        }

        var gaps = Volatile.Read(ref _gaps);
        var subscriber = _redis.Multiplexer.GetSubscriber();
        if (subscriber.SubscribedEndpoint(_channel) is null || !subscriber.IsConnected(_channel))
        {
            // Not hearing changes: the subscription is restored by the connection when it can be.
            Distrust();
            return;
        }

        var (read, value) = await _redis.TryAsync(db => db.StringGetAsync(_key), evenWhenResting: true);
        if (!read)
        {
            Distrust();
            return;
        }

        var epoch = value.IsNull ? 0 : (long)value;
        if (Volatile.Read(ref _raisedAfterGap) != gaps)
        {
            var (raised, newEpoch) = await GrantChanges.RaiseEpochAsync(_redis, evenWhenResting: true);
            if (!raised)
            {
                Distrust();
                return;
            }

            epoch = newEpoch;
            Volatile.Write(ref _raisedAfterGap, gaps);
            LogTrusted(_logger, epoch);
        }

        var until = Stopwatch.GetTimestamp() + (long)(_redis.Options.CacheLease.TotalSeconds * Stopwatch.Frequency);
        Update(current => Volatile.Read(ref _gaps) != gaps ? current : new Trust(Math.Max(current.Epoch, epoch), until));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _redis.Multiplexer.ConnectionFailed += OnConnectionFailed;
        try
        {
            try
            {
                await _redis.Multiplexer.GetSubscriber().SubscribeAsync(_channel, _handler);
            }
            catch (RedisException)
            {
                // Redis is down at start: the connection keeps the subscription and makes it when Redis is back.
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await HeartbeatAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Never let the heartbeat stop the gateway: without it the cache is simply not used.
                    LogHeartbeatFailed(_logger, e);
                    Distrust();
                }

                await Task.Delay(_redis.Options.HeartbeatInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            _redis.Multiplexer.ConnectionFailed -= OnConnectionFailed;
            Interlocked.Increment(ref _gaps);
            Volatile.Write(ref _trust, None);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) => Distrust();

    private void OnPublished(RedisChannel channel, RedisValue value)
    {
        if (value.TryParse(out long epoch))
        {
            // While nothing is trusted there is nothing to update: trust starts with an epoch of its own.
            Update(current => current != None && epoch > current.Epoch ? current with { Epoch = epoch } : current);
        }
    }

    private void Distrust()
    {
        Interlocked.Increment(ref _gaps);
        if (Interlocked.Exchange(ref _trust, None) != None)
        {
            LogDistrusted(_logger);
        }
    }

    private void Update(Func<Trust, Trust> change)
    {
        Trust current, next;
        do
        {
            current = Volatile.Read(ref _trust);
            next = change(current);
        }
        while (!ReferenceEquals(current, next) && Interlocked.CompareExchange(ref _trust, next, current) != current);
    }

    /// <param name="Until">A <see cref="Stopwatch"/> timestamp: leases are about elapsed time, not the business clock.</param>
    private sealed record Trust(long Epoch, long Until);

    [LoggerMessage(Level = LogLevel.Error, Message = "The grant cache heartbeat failed; every grant is read from the store until the next one succeeds")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Grant cache in use from epoch {Epoch}")]
    private static partial void LogTrusted(ILogger logger, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grant changes cannot be heard from Redis; every grant is read from the store until they can")]
    private static partial void LogDistrusted(ILogger logger);
}
