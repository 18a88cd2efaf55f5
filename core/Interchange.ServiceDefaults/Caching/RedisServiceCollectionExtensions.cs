using Interchange.ServiceDefaults.Hosting;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Interchange.ServiceDefaults.Caching;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// The optional Redis, configured from <c>Redis</c>: one shared connection that never stops the service from
    /// starting (abortConnect=false, short timeouts, commands fail fast while disconnected), an
    /// <see cref="Microsoft.Extensions.Caching.Distributed.IDistributedCache"/> on it, the grant change notifier and a
    /// readiness check that reports Degraded, not Unhealthy, when Redis is down. Returns false, registering nothing,
    /// when <c>Redis:Configuration</c> is empty.
    /// </summary>
    public static bool AddInterchangeRedis(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(RedisOptions.Section);
        var options = section.Get<RedisOptions>() ?? new RedisOptions();
        if (!options.IsConfigured)
        {
            return false;
        }

        services.AddOptions<RedisOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IConnectionMultiplexer>(sp => RedisConnection.Connect(sp.GetRequiredService<IOptions<RedisOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>().ApplicationName));
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<GrantChangeNotifier>();
        services.AddStackExchangeRedisCache(_ => { });
        services.AddOptions<RedisCacheOptions>().Configure<IConnectionMultiplexer, IOptions<RedisOptions>>((cache, multiplexer, redis) =>
        {
            cache.ConnectionMultiplexerFactory = () => Task.FromResult(multiplexer);
            cache.InstanceName = redis.Value.KeyPrefix + "cache:";
        });
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, [HealthEndpoints.Ready]);
        return true;
    }

    /// <summary>
    /// A <see cref="ChangeRelay"/> for <typeparamref name="TSource"/> (a singleton): its reloads are announced to the
    /// other instances, and theirs reload it here.
    /// </summary>
    public static IServiceCollection AddChangeRelay<TSource>(this IServiceCollection services, string topic,
        Action<TSource, Action> watchLocal, Action<TSource> applyNotice)
        where TSource : class =>
        // Not AddHostedService: it keeps only one registration per implementation type.
        services.AddSingleton<IHostedService>(sp =>
        {
            var source = sp.GetRequiredService<TSource>();
            return new ChangeRelay(topic, sp.GetRequiredService<RedisConnection>(), publish => watchLocal(source, publish),
                () => applyNotice(source), sp.GetRequiredService<ILogger<ChangeRelay>>());
        });
}
