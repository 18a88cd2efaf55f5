using System.Collections.Concurrent;
using Interchange.ServiceDefaults.Caching;
using Interchange.Testing;
using Interchange.Testing.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace Interchange.Catalog.Tests.Access;

/// <summary>The interchange on Redis under a key prefix of its own; nothing starts without <c>INTERCHANGE_TEST_REDIS</c>.</summary>
public sealed class RedisWorkflowFixture : InterchangeFixture, IAsyncLifetime
{
    public string KeyPrefix { get; } = $"test-{Guid.NewGuid():N}:";

    public new async Task InitializeAsync()
    {
        if (TestServers.Redis is not null)
        {
            await base.InitializeAsync();
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (TestServers.Redis is not null)
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
            foreach (var endpoint in redis.GetEndPoints())
            {
                await foreach (var key in redis.GetServer(endpoint).KeysAsync(pattern: KeyPrefix + "*"))
                {
                    await redis.GetDatabase().KeyDeleteAsync(key);
                }
            }
        }
    }

    protected override void Configure(WebApplicationBuilder builder) =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = TestServers.Redis,
            ["Redis:KeyPrefix"] = KeyPrefix,
        });
}

/// <summary>Every approval and revocation tells the gateways at once, by raising the grant epoch on Redis.</summary>
public sealed class GrantChangeNotificationTests(RedisWorkflowFixture fixture) : IClassFixture<RedisWorkflowFixture>
{
    [RedisFact]
    public async Task ApproveAndRevoke_EachRaiseTheGrantEpochAndPublishItBeforeAnswering()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis!);
        var published = new ConcurrentQueue<long>();
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(fixture.KeyPrefix + GrantChanges.Channel), (_, value) => published.Enqueue((long)value));
        var epoch = redis.GetDatabase();
        var key = fixture.KeyPrefix + GrantChanges.EpochKey;

        var beforeApproval = (long)await epoch.StringGetAsync(key);
        var grantId = await ApproveAsync();
        var afterApproval = (long)await epoch.StringGetAsync(key);
        await RevokeAsync(grantId);
        var afterRevocation = (long)await epoch.StringGetAsync(key);

        Assert.True(afterApproval > beforeApproval, $"the approval did not raise the epoch ({beforeApproval} → {afterApproval})");
        Assert.True(afterRevocation > afterApproval, $"the revocation did not raise the epoch ({afterApproval} → {afterRevocation})");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(published.Contains(afterApproval) && published.Contains(afterRevocation)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains(afterApproval, published);
        Assert.Contains(afterRevocation, published);
    }

    private async Task<string> ApproveAsync()
    {
        var requested = await fixture.Client.GraphQLAsync(await fixture.Client.TokenAsync("sz-civil-affairs"), """
            mutation($input: AccessRequestInput!) { requestAccess(input: $input) { id } }
            """, new
        {
            input = new
            {
                dataset = "household-registration",
                purpose = "subsistence-allowance-review",
                fields = new[] { "id_number", "name" },
                justification = "Review of a subsistence allowance application",
                @case = "MZ-2026-0042",
                until = DateTimeOffset.UtcNow.AddDays(30).ToString("O"),
            },
        });
        var id = GraphQLAssert.Ok(requested).GetProperty("requestAccess").GetProperty("id").GetString();
        var decided = await fixture.Client.GraphQLAsync(await fixture.Client.TokenAsync("sz-public-security"),
            "mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { grant { id } } }", new { id });
        return GraphQLAssert.Ok(decided).GetProperty("decideAccessRequest").GetProperty("grant").GetProperty("id").GetString()!;
    }

    private async Task RevokeAsync(string grantId) =>
        GraphQLAssert.Ok(await fixture.Client.GraphQLAsync(await fixture.Client.TokenAsync("sz-public-security"),
            "mutation($id: ID!) { revokeGrant(id: $id) { id } }", new { id = grantId }));
}
