using Interchange.Gateway.Caching;
using Interchange.Gateway.DataPlane;
using Interchange.Gateway.Tests.Redis;
using Interchange.ServiceDefaults.Caching;
using Interchange.Testing;
using Interchange.Testing.Servers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Interchange.Gateway.Tests.Caching;

/// <summary>The per-minute window: in process, shared through Redis, and what each instance allows when Redis fails.</summary>
public sealed class RateLimiterTests
{
    private const string Agency = "sz-civil-affairs";
    private const string Dataset = "test-limited";

    // 10:00:05 UTC: well inside a minute.
    private readonly FakeClock _clock = new(new DateTimeOffset(2026, 11, 25, 10, 0, 5, TimeSpan.Zero));

    [Fact]
    public async Task TryAcquire_WithoutRedis_AllowsTheWholeLimitEachMinute()
    {
        var limiter = new RateLimiter(_clock);

        Assert.Equal([null, null, null], await AcquireAsync(limiter, 3, 3));
        Assert.Equal(TimeSpan.FromSeconds(55), await limiter.TryAcquireAsync(Agency, Dataset, 3));

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await limiter.TryAcquireAsync(Agency, Dataset, 3));
    }

    [Fact]
    public async Task TryAcquire_RedisUnreachable_AllowsOnlyThisInstancesShare()
    {
        using var redis = Unreachable();
        var limiter = new RateLimiter(_clock, redis.Connection, Instances(2));

        Assert.Null(await limiter.TryAcquireAsync(Agency, Dataset, 3));
        Assert.NotNull(await limiter.TryAcquireAsync(Agency, Dataset, 3));
        Assert.Equal(5, (await AcquireAsync(limiter, 10, 6, dataset: "other")).Count(r => r is null));
    }

    [Fact]
    public async Task TryAcquire_RedisUnreachable_LimitBelowTheInstanceCount_StillAllowsOne()
    {
        using var redis = Unreachable();
        var limiter = new RateLimiter(_clock, redis.Connection, Instances(4));

        Assert.Equal(1, (await AcquireAsync(limiter, 2, 3)).Count(r => r is null));
    }

    [RedisFact]
    public async Task TryAcquire_TwoInstancesOnOneRedis_ShareTheLimit()
    {
        using var redis = Connect(TestServers.Redis!);
        Assert.True(redis.Connection.Multiplexer.IsConnected);
        var first = new RateLimiter(_clock, redis.Connection, Instances(2));
        var second = new RateLimiter(_clock, redis.Connection, Instances(2));

        Assert.Null(await first.TryAcquireAsync(Agency, Dataset, 3));
        Assert.Null(await second.TryAcquireAsync(Agency, Dataset, 3));
        Assert.Null(await first.TryAcquireAsync(Agency, Dataset, 3));
        Assert.NotNull(await second.TryAcquireAsync(Agency, Dataset, 3));
        Assert.NotNull(await first.TryAcquireAsync(Agency, Dataset, 3));

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await second.TryAcquireAsync(Agency, Dataset, 3));
    }

    [RedisFact]
    public async Task TryAcquire_RedisFailsMidMinute_WhatAnInstanceLetThroughCountsAgainstItsShare()
    {
        await using var proxy = new RedisProxy(TestServers.Redis!);
        proxy.Start();
        using var redis = Connect(proxy.Configuration);
        Assert.True(redis.Connection.Multiplexer.IsConnected);
        var busy = new RateLimiter(_clock, redis.Connection, Instances(2));
        var idle = new RateLimiter(_clock, redis.Connection, Instances(2));
        Assert.Equal([null, null, null], await AcquireAsync(busy, 4, 3));

        proxy.Down();

        // A limit of 4 on two instances: the busy one has used more than its share of 2, the idle one gets its 2.
        Assert.NotNull(await busy.TryAcquireAsync(Agency, Dataset, 4));
        Assert.Equal([null, null, TimeSpan.FromSeconds(55)], await AcquireAsync(idle, 4, 3));
    }

    private static async Task<List<TimeSpan?>> AcquireAsync(RateLimiter limiter, int perMinute, int times, string dataset = Dataset)
    {
        var results = new List<TimeSpan?>();
        for (var i = 0; i < times; i++)
        {
            results.Add(await limiter.TryAcquireAsync(Agency, dataset, perMinute));
        }

        return results;
    }

    private static IOptions<GatewayCacheOptions> Instances(int instances) => Options.Create(new GatewayCacheOptions { Instances = instances });

    /// <summary>Redis at a port nobody listens on.</summary>
    private static TestRedis Unreachable() => Connect($"127.0.0.1:{TestScenario.FreePort()}", reachable: false);

    private static TestRedis Connect(string configuration, bool reachable = true)
    {
        // Generous: a busy machine must not turn a shared count into the in-process fallback.
        var options = new RedisOptions
        {
            Configuration = configuration,
            KeyPrefix = $"test-{Guid.NewGuid():N}:",
            OperationTimeout = TimeSpan.FromSeconds(30),
            RetryAfterFailure = TimeSpan.Zero,
        };
        var multiplexer = RedisConnection.Connect(options, "gateway-tests");
        // Connecting gives up after a short timeout and goes on in the background; a busy machine may need longer.
        for (var i = 0; reachable && !multiplexer.IsConnected && i < 100; i++)
        {
            Thread.Sleep(100);
        }

        return new TestRedis(new RedisConnection(multiplexer, Options.Create(options), NullLogger<RedisConnection>.Instance));
    }

    private sealed class TestRedis(RedisConnection connection) : IDisposable
    {
        public RedisConnection Connection => connection;

        public void Dispose() => connection.Multiplexer.Dispose();
    }
}
