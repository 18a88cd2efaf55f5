using System.Net;
using System.Text.Json;
using Interchange.Gateway.Tests.Support;
using Interchange.Testing.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Interchange.Gateway.Tests.Redis;

/// <summary>Every service reaches Redis through a relay the tests take down or stall; two instances share a limit of 3.</summary>
public sealed class RedisFaultFixture : RedisGatewaysFixture
{
    protected override bool ThroughProxy => true;

    // Short, as in production (a 3 s cache lease), so that outages are noticed quickly.
    protected override TimeSpan OperationTimeout => TimeSpan.FromSeconds(1);

    protected override void Configure(WebApplicationBuilder builder)
    {
        base.Configure(builder);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Gateway:Instances"] = "2" });
    }
}

/// <summary>docs/security.md, case 22: Redis down or slow never turns a refusal into an allow; the gateway starts without it.</summary>
public sealed class RedisFaultTests(RedisFaultFixture fixture) : IClassFixture<RedisFaultFixture>
{
    [RedisFact]
    public async Task RedisDown_DecisionsComeFromTheStore_AndARevocationMadeMeanwhileHoldsOnBothInstances()
    {
        var (token, other, grant) = await ArrangeCachedAnswersAsync(RedisGatewaysFixture.TestConsumer(3), RedisGatewaysFixture.TestConsumer(4));
        var proxy = fixture.Proxy!;

        proxy.Down();
        try
        {
            await AssertDecisionsAsync(token, other, granted: true);
            await fixture.RevokeAsync(grant);
            await AssertDecisionsAsync(token, other, granted: false);

            var ready = await fixture.First.Client.Http.GetAsync("health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Degraded", await RedisCheckAsync(ready));
        }
        finally
        {
            proxy.Up();
        }

        await WaitUntilCachesAreInUseAsync();
        await AssertDecisionsAsync(token, other, granted: false);
        Assert.Equal("Healthy", await RedisCheckAsync(await fixture.First.Client.Http.GetAsync("health/ready")));
    }

    [RedisFact]
    public async Task RedisStalled_DecisionsStayCorrect_AndARevocationMadeMeanwhileHoldsOnBothInstances()
    {
        var (token, other, grant) = await ArrangeCachedAnswersAsync(RedisGatewaysFixture.TestConsumer(5), RedisGatewaysFixture.TestConsumer(6));
        var proxy = fixture.Proxy!;

        proxy.Stall();
        try
        {
            await AssertDecisionsAsync(token, other, granted: true);
            await fixture.RevokeAsync(grant);
            await AssertDecisionsAsync(token, other, granted: false);
        }
        finally
        {
            proxy.Up();
        }

        await WaitUntilCachesAreInUseAsync();
        await AssertDecisionsAsync(token, other, granted: false);
    }

    [RedisFact]
    public async Task Gateway_StartsWithRedisDown_DecidesFromTheStore_AndUsesRedisOnceItIsBack()
    {
        var consumer = RedisGatewaysFixture.TestConsumer(7);
        await fixture.GrantAsync(consumer);
        var token = await fixture.Client.TokenAsync(consumer);
        var refused = await fixture.Client.TokenAsync(RedisGatewaysFixture.TestConsumer(8));
        var proxy = fixture.Proxy!;

        proxy.Down();
        GatewayInstance? third = null;
        try
        {
            third = await fixture.StartGatewayAsync("third", waitForCache: false);
            var ready = await third.Client.Http.GetAsync("health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Degraded", await RedisCheckAsync(ready));
            Assert.Null(third.Cache!.Epoch);
            Assert.Equal(HttpStatusCode.OK, (await RedisGatewaysFixture.ReadHouseholdAsync(third, token)).StatusCode);
            await Expect.ProblemAsync(await RedisGatewaysFixture.ReadHouseholdAsync(third, refused), HttpStatusCode.Forbidden, "grant-required");

            proxy.Up();
            await RedisGatewaysFixture.EventuallyAsync(() => Task.FromResult(third.Cache.Epoch is not null), "the third gateway uses its grant cache");
            Assert.Equal(HttpStatusCode.OK, (await RedisGatewaysFixture.ReadHouseholdAsync(third, token)).StatusCode);
            await Expect.ProblemAsync(await RedisGatewaysFixture.ReadHouseholdAsync(third, refused), HttpStatusCode.Forbidden, "grant-required");
            Assert.Equal("Healthy", await RedisCheckAsync(await third.Client.Http.GetAsync("health/ready")));
        }
        finally
        {
            proxy.Up();
            if (third is not null)
            {
                await third.DisposeAsync();
            }
        }
    }

    [RedisFact]
    public async Task RateLimit_RedisDown_EachOfTwoInstancesAllowsOnlyItsShare()
    {
        var token = await fixture.ConsumerTokenAsync();
        var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 60;
        if (second >= 45)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - second));
        }

        var minute = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60;
        var proxy = fixture.Proxy!;
        proxy.Down();
        try
        {
            // A limit of 3 on two instances: 3 / 2 = 1 each, so at most 2 in all, never 3 per instance.
            foreach (var gateway in new[] { fixture.First, fixture.Second })
            {
                Assert.Equal(HttpStatusCode.OK, (await gateway.Client.ReadAsync(token, $"data/{TestProvider.Limited}/records", TestProvider.Purpose)).StatusCode);
                await Expect.ProblemAsync(await gateway.Client.ReadAsync(token, $"data/{TestProvider.Limited}/records", TestProvider.Purpose),
                    HttpStatusCode.TooManyRequests, "rate-limited");
            }

            Assert.Equal(minute, DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60);
        }
        finally
        {
            proxy.Up();
        }

        await WaitUntilCachesAreInUseAsync();
    }

    /// <summary>A granted consumer whose household reads both instances answer from cache, and one refused from cache.</summary>
    private async Task<(string Token, string Other, string Grant)> ArrangeCachedAnswersAsync(string granted, string refused)
    {
        await WaitUntilCachesAreInUseAsync();
        var grant = await fixture.GrantAsync(granted);
        var token = await fixture.Client.TokenAsync(granted);
        var other = await fixture.Client.TokenAsync(refused);
        foreach (var gateway in new[] { fixture.First, fixture.Second, fixture.First, fixture.Second })
        {
            Assert.Equal(HttpStatusCode.OK, (await RedisGatewaysFixture.ReadHouseholdAsync(gateway, token)).StatusCode);
            await Expect.ProblemAsync(await RedisGatewaysFixture.ReadHouseholdAsync(gateway, other), HttpStatusCode.Forbidden, "grant-required");
        }

        return (token, other, grant);
    }

    /// <summary>On both instances: the granted read allowed or not, the ungranted one and an unshared dataset refused.</summary>
    private async Task AssertDecisionsAsync(string token, string other, bool granted)
    {
        foreach (var gateway in new[] { fixture.First, fixture.Second })
        {
            var read = await RedisGatewaysFixture.ReadHouseholdAsync(gateway, token);
            if (granted)
            {
                Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            }
            else
            {
                await Expect.ProblemAsync(read, HttpStatusCode.Forbidden, "grant-required");
            }

            await Expect.ProblemAsync(await RedisGatewaysFixture.ReadHouseholdAsync(gateway, other), HttpStatusCode.Forbidden, "grant-required");
            await Expect.ProblemAsync(await gateway.Client.ReadAsync(token, "data/criminal-records/records", RedisGatewaysFixture.Allowance, RedisGatewaysFixture.Case),
                HttpStatusCode.Forbidden, "not-shared");
        }
    }

    private async Task WaitUntilCachesAreInUseAsync()
    {
        foreach (var gateway in new[] { fixture.First, fixture.Second })
        {
            await RedisGatewaysFixture.EventuallyAsync(() => Task.FromResult(gateway.Cache!.Epoch is not null), "caches are in use on " + gateway.Url);
        }
    }

    private static async Task<string?> RedisCheckAsync(HttpResponseMessage ready) =>
        JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString();
}
