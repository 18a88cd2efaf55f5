using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Interchange.ServiceDefaults.Caching;

/// <summary>
/// Tells the other instances that this one reloaded something they all read from shared files (the responsibility
/// lists), so that they reload at once instead of waiting for a file event that a network mount may never deliver.
/// A reload made because of a notice is not announced again, so two instances never bounce notices back and forth.
/// Without Redis each instance still has its own file watcher; the notice only makes it prompt everywhere.
/// </summary>
public sealed partial class ChangeRelay : IHostedService
{
    [ThreadStatic]
    private static bool t_applyingNotice;

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly RedisConnection _redis;
    private readonly RedisChannel _channel;
    private readonly string _topic;
    private readonly Action<Action> _watchLocal;
    private readonly Action _applyNotice;
    private readonly ILogger<ChangeRelay> _logger;
    private readonly Action<RedisChannel, RedisValue> _handler;

    /// <param name="topic">What changes, e.g. <c>lists</c>; the channel is named after it.</param>
    /// <param name="watchLocal">Hooks the given callback to this instance's own reloads.</param>
    /// <param name="applyNotice">Reloads here because another instance did.</param>
    public ChangeRelay(string topic, RedisConnection redis, Action<Action> watchLocal, Action applyNotice, ILogger<ChangeRelay> logger)
    {
        _topic = topic;
        _redis = redis;
        _channel = redis.Channel(topic + ":reloaded");
        _watchLocal = watchLocal;
        _applyNotice = applyNotice;
        _logger = logger;
        _handler = OnNotice;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _watchLocal(OnLocalChange);
        try
        {
            await _redis.Multiplexer.GetSubscriber().SubscribeAsync(_channel, _handler);
        }
        catch (RedisException)
        {
            // Redis is down at start: the connection keeps the subscription and makes it when Redis is back.
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _redis.Multiplexer.GetSubscriber().UnsubscribeAsync(_channel, _handler);
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException)
        {
            // Stopping anyway.
        }
    }

    private void OnLocalChange()
    {
        if (!t_applyingNotice)
        {
            _ = PublishAsync();
        }
    }

    private async Task PublishAsync()
    {
        var (done, _) = await _redis.TryAsync(db => db.PublishAsync(_channel, _instance));
        if (!done)
        {
            LogNotPublished(_logger, _topic);
        }
    }

    private void OnNotice(RedisChannel channel, RedisValue sender)
    {
        if (sender == _instance)
        {
            return;
        }

        // Off the connection's reader: a reload reads files.
        ThreadPool.QueueUserWorkItem(static relay =>
        {
            t_applyingNotice = true;
            try
            {
                LogReloading(relay._logger, relay._topic);
                relay._applyNotice();
            }
            catch (Exception e)
            {
                LogReloadFailed(relay._logger, relay._topic, e);
            }
            finally
            {
                t_applyingNotice = false;
            }
        }, this, preferLocal: false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Another instance reloaded the {Topic}; reloading them here")]
    private static partial void LogReloading(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reloading the {Topic} on another instance's notice failed")]
    private static partial void LogReloadFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the other instances that the {Topic} were reloaded; they rely on their own file watchers")]
    private static partial void LogNotPublished(ILogger logger, string topic);
}
