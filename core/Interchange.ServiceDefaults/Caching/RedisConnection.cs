using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Interchange.ServiceDefaults.Caching;

/// <summary>
/// The service's one Redis connection, used only through <see cref="TryAsync{T}"/>: a command that fails or takes
/// longer than <see cref="RedisOptions.OperationTimeout"/> is reported as not done, never thrown, and Redis is then
/// left alone for <see cref="RedisOptions.RetryAfterFailure"/>. Callers go on without it (the store, an in-process
/// limit); nothing that Redis cannot answer turns into an allow.
/// </summary>
public sealed partial class RedisConnection
{
    private readonly ILogger<RedisConnection> _logger;
    private long _skipUntil;
    private int _failing;

    public RedisConnection(IConnectionMultiplexer multiplexer, IOptions<RedisOptions> options, ILogger<RedisConnection> logger)
    {
        Multiplexer = multiplexer;
        Options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// Connects without ever failing for want of Redis: abortConnect=false, the configured timeouts, commands that fail
    /// at once while disconnected (no backlog), and a reconnect every second in the background.
    /// </summary>
    public static ConnectionMultiplexer Connect(RedisOptions options, string service)
    {
        var configuration = ConfigurationOptions.Parse(options.Configuration!);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = (int)options.ConnectTimeout.TotalMilliseconds;
        configuration.ConnectRetry = 1;
        configuration.SyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        configuration.AsyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        // While disconnected, commands fail at once instead of queueing until the timeout: the caller goes to the store.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ReconnectRetryPolicy = new LinearRetry(1000);
        configuration.ClientName ??= $"{service}-{Environment.MachineName}-{Environment.ProcessId}";
        return ConnectionMultiplexer.Connect(configuration);
    }

    public IConnectionMultiplexer Multiplexer { get; }

    public RedisOptions Options { get; }

    public RedisKey Key(string name) => Options.KeyPrefix + name;

    public RedisChannel Channel(string name) => RedisChannel.Literal(Options.KeyPrefix + name);

    /// <summary>
    /// Runs one Redis operation within the operation timeout. Returns <c>(false, default)</c> when Redis is down, resting
    /// after a failure (unless <paramref name="evenWhenResting"/>), failed or was too slow.
    /// </summary>
    public async ValueTask<(bool Done, T Value)> TryAsync<T>(Func<IDatabase, Task<T>> operation, bool evenWhenResting = false)
    {
        if (!Multiplexer.IsConnected || (!evenWhenResting && Stopwatch.GetTimestamp() < Volatile.Read(ref _skipUntil)))
        {
            return (false, default!);
        }

        Task<T>? task = null;
        try
        {
            task = operation(Multiplexer.GetDatabase());
            var value = await task.WaitAsync(Options.OperationTimeout);
            if (Volatile.Read(ref _failing) == 1 && Interlocked.Exchange(ref _failing, 0) == 1)
            {
                LogRecovered(_logger);
            }

            return (true, value);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            if (task is { IsCompleted: false })
            {
                // The command may still finish or fail later; nobody waits for it any more.
                _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            ReportFailure(e);
            return (false, default!);
        }
    }

    /// <summary>Redis is left alone for a while; the first failure after a good spell is logged, the rest are not.</summary>
    public void ReportFailure(Exception e)
    {
        Volatile.Write(ref _skipUntil, Stopwatch.GetTimestamp() + (long)(Options.RetryAfterFailure.TotalSeconds * Stopwatch.Frequency));
        if (Interlocked.Exchange(ref _failing, 1) == 0)
        {
            LogFailed(_logger, e.GetType().Name, Options.RetryAfterFailure);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Redis did not answer ({Error}); caches and shared limits are bypassed, decisions come from the stores; next try in {RetryAfter}")]
    private static partial void LogFailed(ILogger logger, string error, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers again")]
    private static partial void LogRecovered(ILogger logger);
}
