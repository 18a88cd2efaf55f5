using Interchange.Gateway.Caching;
using Interchange.Gateway.DataPlane;
using Interchange.Gateway.Tests.Redis;
using Interchange.ServiceDefaults.Caching;
using Interchange.Testing;
using Interchange.Testing.Servers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Interchange.Gateway.Tests.Caching;

/// <summary>The records-per-day quota: in process, shared through Redis, and what each instance allows when Redis fails.</summary>
public sealed class RecordQuotaTests
{
    private const string Agency = "sz-civil-affairs";
    private const string Dataset = "test-paged";

    // 15:00 UTC is 23:00 in China Standard Time: one hour before the quota's day ends.
    private readonly FakeClock _clock = new(new DateTimeOffset(2026, 11, 25, 15, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Check_WithoutRedis_AllowsWhileRecordsRemain_AndTheDayEndsAtMidnightChinaStandardTime()
    {
        var quota = Quota();

        Assert.True((await quota.CheckAsync(Agency, Dataset, 5)).Allowed);
        await quota.CountAsync(Agency, Dataset, 3);
        Assert.True((await quota.CheckAsync(Agency, Dataset, 5)).Allowed);
        await quota.CountAsync(Agency, Dataset, 3);
        var refused = await quota.CheckAsync(Agency, Dataset, 5);

        Assert.False(refused.Allowed);
        Assert.Equal(6, refused.Used);
        Assert.Equal(TimeSpan.FromHours(1), refused.RetryAfter);
        Assert.True((await quota.CheckAsync(Agency, "other-dataset", 5)).Allowed);
        Assert.True((await quota.CheckAsync("other-agency", Dataset, 5)).Allowed);

        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.False((await quota.CheckAsync(Agency, Dataset, 5)).Allowed);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var nextDay = await quota.CheckAsync(Agency, Dataset, 5);
        Assert.True(nextDay.Allowed);
        Assert.Equal(0, nextDay.Used);
    }

    [Fact]
    public async Task Check_TheDayFollowsTheConfiguredOffset()
    {
        var utc = Quota(offset: TimeSpan.Zero);
        await utc.CountAsync(Agency, Dataset, 5);

        Assert.Equal(TimeSpan.FromHours(9), (await utc.CheckAsync(Agency, Dataset, 5)).RetryAfter);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.False((await utc.CheckAsync(Agency, Dataset, 5)).Allowed);
    }

    [Fact]
    public async Task Check_RedisUnreachable_AllowsOnlyThisInstancesShare()
    {
        using var redis = Unreachable();
        var quota = Quota(redis.Connection, instances: 2);

        // A quota of 5 on two instances: 2 records each while nothing can be counted in Redis.
        Assert.True((await quota.CheckAsync(Agency, Dataset, 5)).Allowed);
        await quota.CountAsync(Agency, Dataset, 1);
        Assert.True((await quota.CheckAsync(Agency, Dataset, 5)).Allowed);
        await quota.CountAsync(Agency, Dataset, 1);
        var refused = await quota.CheckAsync(Agency, Dataset, 5);

        Assert.False(refused.Allowed);
        Assert.False(refused.Exact);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    [RedisFact]
    public async Task Check_TwoInstancesOnOneRedis_CountTogether()
    {
        using var redis = Connect(TestServers.Redis!);
        var first = Quota(redis.Connection, instances: 2);
        var second = Quota(redis.Connection, instances: 2);

        Assert.True((await first.CheckAsync(Agency, Dataset, 5)).Allowed);
        await first.CountAsync(Agency, Dataset, 3);
        Assert.True((await second.CheckAsync(Agency, Dataset, 5)).Allowed);
        await second.CountAsync(Agency, Dataset, 2);

        var onFirst = await first.CheckAsync(Agency, Dataset, 5);
        Assert.False(onFirst.Allowed);
        Assert.Equal(5, onFirst.Used);
        Assert.False((await second.CheckAsync(Agency, Dataset, 5)).Allowed);

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await second.CheckAsync(Agency, Dataset, 5)).Allowed);
    }

    [RedisFact]
    public async Task Check_RedisFailsOnceTheQuotaIsUsed_IsRefused_AndWhatWasReleasedMeanwhileReachesRedisLater()
    {
        await using var proxy = new RedisProxy(TestServers.Redis!);
        proxy.Start();
        using var redis = Connect(proxy.Configuration);
        var quota = Quota(redis.Connection, instances: 2);
        await quota.CountAsync(Agency, Dataset, 4);
        Assert.True((await quota.CheckAsync(Agency, Dataset, 5)).Allowed);

        proxy.Down();
        // Known to Redis: 4. While it is down this instance may release its share (2), but never past the quota.
        await quota.CountAsync(Agency, Dataset, 1);
        var refused = await quota.CheckAsync(Agency, Dataset, 5);
        Assert.False(refused.Allowed);
        Assert.Equal(5, refused.Used);

        proxy.Up();
        using var observer = Connect(TestServers.Redis!, redis.Connection.Options.KeyPrefix);
        var other = Quota(observer.Connection, instances: 2);
        await RedisGatewaysFixture.EventuallyAsync(async () => (await quota.CheckAsync(Agency, Dataset, 5)).Exact, "the instance counts in Redis again");
        Assert.Equal(5, (await other.CheckAsync(Agency, Dataset, 5)).Used);
    }

    private RecordQuota Quota(RedisConnection? redis = null, int instances = 1, TimeSpan? offset = null) =>
        new(_clock, Options.Create(new GatewayOptions { TimeZoneOffset = offset ?? TimeSpan.FromHours(8) }), redis,
            Options.Create(new GatewayCacheOptions { Instances = instances }));

    /// <summary>Redis at a port nobody listens on.</summary>
    private static TestRedis Unreachable() => Connect($"127.0.0.1:{TestScenario.FreePort()}", reachable: false);

    private static TestRedis Connect(string configuration, string? prefix = null, bool reachable = true)
    {
        // Generous: a busy machine must not turn a shared count into the in-process fallback. No rest after a failure,
        // so that the instance tries Redis again as soon as it is back.
        var options = new RedisOptions
        {
            Configuration = configuration,
            KeyPrefix = prefix ?? $"test-{Guid.NewGuid():N}:",
            OperationTimeout = TimeSpan.FromSeconds(30),
            RetryAfterFailure = TimeSpan.Zero,
        };
        var multiplexer = RedisConnection.Connect(options, "gateway-tests");
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
