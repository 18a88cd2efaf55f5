using System.Net;
using Interchange.Gateway.Tests.Support;
using Interchange.Testing;
using Interchange.Testing.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace Interchange.Gateway.Tests.Redis;

/// <summary>
/// The interchange (identity, catalogue, its own gateway) plus two more gateway instances, <see cref="First"/> and
/// <see cref="Second"/>, all on one Redis under a key prefix of this fixture's own. Tests read through the two
/// instances and act on the workflow through the interchange's front door. Without <c>INTERCHANGE_TEST_REDIS</c>
/// nothing starts (every test is a <see cref="RedisFactAttribute"/> and skipped).
/// </summary>
public class RedisGatewaysFixture : GatewayFixture, IAsyncLifetime
{
    public const string Household = "household-registration";
    public const string Allowance = "subsistence-allowance-review";
    public const string Case = "MZ-2026-0042";
    public const int Consumers = 8;

    private GatewayInstance? _first;
    private GatewayInstance? _second;

    public string KeyPrefix { get; } = $"test-{Guid.NewGuid():N}:";

    /// <summary>Set when the services reach Redis through a relay the test can take down or stall.</summary>
    public RedisProxy? Proxy { get; private set; }

    public GatewayInstance First => _first ?? throw new InvalidOperationException(NoRedis);

    public GatewayInstance Second => _second ?? throw new InvalidOperationException(NoRedis);

    /// <summary>What the services are configured with: the test Redis, or the relay in front of it.</summary>
    public string RedisConfiguration => Proxy?.Configuration ?? TestServers.Redis ?? throw new InvalidOperationException(NoRedis);

    /// <summary>Whether the services reach Redis through <see cref="Proxy"/>.</summary>
    protected virtual bool ThroughProxy => false;

    /// <summary>How long one Redis command may take; the cache lease is 2 s longer.</summary>
    protected virtual TimeSpan OperationTimeout => TimeSpan.FromSeconds(5);

    private static string NoRedis => $"No Redis: {TestServers.RedisVariable} is not set.";

    /// <summary>A consumer agency of this fixture (1 to <see cref="Consumers"/>); each test takes its own.</summary>
    public static string TestConsumer(int n) => $"redis-consumer-{n}";

    public new async Task InitializeAsync()
    {
        if (TestServers.Redis is null)
        {
            return;
        }

        if (ThroughProxy)
        {
            Proxy = new RedisProxy(TestServers.Redis);
            Proxy.Start();
        }

        await base.InitializeAsync();
        _first = await StartGatewayAsync("first");
        _second = await StartGatewayAsync("second");
    }

    /// <summary>Another gateway instance on this fixture's stores and Redis (stopped by the caller).</summary>
    public async Task<GatewayInstance> StartGatewayAsync(string name, IReadOnlyDictionary<string, string?>? overrides = null, bool waitForCache = true)
    {
        var gateway = await GatewayInstance.StartAsync(this, name, Configure, overrides);
        var token = await ConsumerTokenAsync();
        await EventuallyAsync(async () => (await gateway.Client.ReadAsync(token, $"data/{TestProvider.Echo}/records", TestProvider.Purpose)).StatusCode == HttpStatusCode.OK,
            $"gateway '{name}' routes the test datasets");
        if (waitForCache)
        {
            await EventuallyAsync(() => Task.FromResult(gateway.Cache?.Epoch is not null), $"gateway '{name}' uses its grant cache");
        }

        return gateway;
    }

    protected override async Task ArrangeAsync(TestScenario scenario)
    {
        await base.ArrangeAsync(scenario);
        for (var i = 1; i <= Consumers; i++)
        {
            scenario.AddAgency(TestConsumer(i), "440300", "consumer");
        }
    }

    protected override void Configure(WebApplicationBuilder builder)
    {
        base.Configure(builder);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = RedisConfiguration,
            ["Redis:KeyPrefix"] = KeyPrefix,
            // A busy test machine may take longer than the production default; a timeout only makes a limit stricter
            // or sends a lookup to the store, but these tests check that caches and shared limits are really used.
            ["Redis:OperationTimeout"] = OperationTimeout.ToString(),
            ["Redis:CacheLease"] = (OperationTimeout + TimeSpan.FromSeconds(2)).ToString(),
            // A catalogue that cannot publish a grant change answers only after the cache lease: longer than the
            // 2 s the gateway tests give a source.
            ["Gateway:SourceTimeout"] = "00:00:20",
        });
    }

    /// <summary>Applies for household data for <paramref name="consumer"/>; public security approves. Returns the grant id.</summary>
    public async Task<string> GrantAsync(string consumer)
    {
        var requester = await Client.TokenAsync(consumer);
        var requested = await Client.GraphQLAsync(requester, """
            mutation($input: AccessRequestInput!) { requestAccess(input: $input) { id } }
            """, new
        {
            input = new
            {
                dataset = Household,
                purpose = Allowance,
                fields = new[] { "id_number", "name", "address" },
                justification = "Review of a subsistence allowance application",
                @case = Case,
                until = DateTimeOffset.UtcNow.AddDays(30).ToString("O"),
            },
        });
        Assert.False(requested.HasErrors, requested.Body);
        var provider = await Client.TokenAsync("sz-public-security");
        var decided = await Client.GraphQLAsync(provider, """
            mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { state grant { id } } }
            """, new { id = requested.Data.GetProperty("requestAccess").GetProperty("id").GetString() });
        Assert.False(decided.HasErrors, decided.Body);
        return decided.Data.GetProperty("decideAccessRequest").GetProperty("grant").GetProperty("id").GetString()!;
    }

    public async Task RevokeAsync(string grantId)
    {
        var provider = await Client.TokenAsync("sz-public-security");
        var revoked = await Client.GraphQLAsync(provider, "mutation($id: ID!) { revokeGrant(id: $id) { id state } }", new { id = grantId });
        Assert.False(revoked.HasErrors, revoked.Body);
        Assert.Equal("REVOKED", revoked.Data.GetProperty("revokeGrant").GetProperty("state").GetString());
    }

    /// <summary>A household read by <paramref name="token"/>'s agency through <paramref name="gateway"/>, with purpose and case.</summary>
    public static Task<HttpResponseMessage> ReadHouseholdAsync(GatewayInstance gateway, string token) =>
        gateway.Client.ReadAsync(token, $"data/{Household}/records?limit=1", Allowance, Case);

    /// <summary>Waits (generously) for a condition that should hold soon.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting until " + what);
            await Task.Delay(100);
        }
    }

    public override async Task DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        if (_first is not null)
        {
            await _first.DisposeAsync();
        }

        await base.DisposeAsync();
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        if (TestServers.Redis is not null)
        {
            await DeleteKeysAsync();
        }
    }

    private async Task DeleteKeysAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis!);
        var database = redis.GetDatabase();
        foreach (var endpoint in redis.GetEndPoints())
        {
            await foreach (var key in redis.GetServer(endpoint).KeysAsync(pattern: KeyPrefix + "*"))
            {
                await database.KeyDeleteAsync(key);
            }
        }
    }
}
