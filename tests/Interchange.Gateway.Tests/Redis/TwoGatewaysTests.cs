using System.Net;
using Interchange.Gateway.Tests.Support;
using Interchange.Testing.Servers;

namespace Interchange.Gateway.Tests.Redis;

/// <summary>Stateless gateways: two instances on one Redis share rate limits, grant changes and list versions.</summary>
public sealed class TwoGatewaysTests(RedisGatewaysFixture fixture) : IClassFixture<RedisGatewaysFixture>
{
    [RedisFact]
    public async Task RateLimit_TwoInstances_ShareOneLimit_TheNextRequestOnEitherIs429()
    {
        var token = await fixture.ConsumerTokenAsync();
        var minute = await StartOfAFreshMinuteAsync();
        var gateways = new[] { fixture.First, fixture.Second };

        for (var i = 0; i < TestProvider.RateLimitPerMinute; i++)
        {
            var allowed = await gateways[i % 2].Client.ReadAsync(token, $"data/{TestProvider.Limited}/records", TestProvider.Purpose);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        var overOnFirst = await fixture.First.Client.ReadAsync(token, $"data/{TestProvider.Limited}/records", TestProvider.Purpose);
        var overOnSecond = await fixture.Second.Client.ReadAsync(token, $"data/{TestProvider.Limited}/records", TestProvider.Purpose);

        Assert.Equal(minute, CurrentMinute());
        await Expect.ProblemAsync(overOnFirst, HttpStatusCode.TooManyRequests, "rate-limited");
        await Expect.ProblemAsync(overOnSecond, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(overOnSecond.Headers.RetryAfter?.Delta);
    }

    [RedisFact]
    public async Task Revocation_TwoInstancesHoldingTheGrantInCache_TheNextReadOnBothIsRefused()
    {
        var consumer = RedisGatewaysFixture.TestConsumer(1);
        var grant = await fixture.GrantAsync(consumer);
        var token = await fixture.Client.TokenAsync(consumer);
        foreach (var gateway in new[] { fixture.First, fixture.Second, fixture.First, fixture.Second })
        {
            Assert.Equal(HttpStatusCode.OK, (await RedisGatewaysFixture.ReadHouseholdAsync(gateway, token)).StatusCode);
        }

        // Both now answer from their caches: the store is not asked again.
        var storeReads = (fixture.First.Grants.StoreReads, fixture.Second.Grants.StoreReads);
        Assert.Equal(HttpStatusCode.OK, (await RedisGatewaysFixture.ReadHouseholdAsync(fixture.First, token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RedisGatewaysFixture.ReadHouseholdAsync(fixture.Second, token)).StatusCode);
        Assert.Equal(storeReads, (fixture.First.Grants.StoreReads, fixture.Second.Grants.StoreReads));

        await fixture.RevokeAsync(grant);
        var onFirst = await RedisGatewaysFixture.ReadHouseholdAsync(fixture.First, token);
        var onSecond = await RedisGatewaysFixture.ReadHouseholdAsync(fixture.Second, token);

        await Expect.ProblemAsync(onFirst, HttpStatusCode.Forbidden, "grant-required");
        await Expect.ProblemAsync(onSecond, HttpStatusCode.Forbidden, "grant-required");
    }

    [RedisFact]
    public async Task Approval_AfterARefusalWasCached_IsInForceOnBothInstancesAtOnce()
    {
        var consumer = RedisGatewaysFixture.TestConsumer(2);
        var token = await fixture.Client.TokenAsync(consumer);
        foreach (var gateway in new[] { fixture.First, fixture.Second, fixture.First, fixture.Second })
        {
            await Expect.ProblemAsync(await RedisGatewaysFixture.ReadHouseholdAsync(gateway, token), HttpStatusCode.Forbidden, "grant-required");
        }

        await fixture.GrantAsync(consumer);

        Assert.Equal(HttpStatusCode.OK, (await RedisGatewaysFixture.ReadHouseholdAsync(fixture.First, token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RedisGatewaysFixture.ReadHouseholdAsync(fixture.Second, token)).StatusCode);
    }

    [RedisFact]
    public async Task ListVersion_ReloadedOnOneInstance_IsInForceOnEveryInstancePromptly()
    {
        var token = await fixture.ConsumerTokenAsync();
        var path = $"data/{TestProvider.Echo}/records";
        foreach (var gateway in new[] { fixture.First, fixture.Second })
        {
            Assert.Equal(TestProvider.Rule(TestProvider.Echo), RuleOf(await gateway.Client.ReadAsync(token, path, TestProvider.Purpose)));
        }

        // Written through the interchange's own folder: its gateway and catalogue see the file change and reload;
        // the two instances read the same file through links and see no event of their own.
        const string next = "2026-11-01.2";
        fixture.Scenario.WriteList(TestProvider.Id, TestProvider.List().Replace($"version: {TestProvider.Version}", $"version: {next}", StringComparison.Ordinal));

        foreach (var gateway in new[] { fixture.First, fixture.Second })
        {
            await RedisGatewaysFixture.EventuallyAsync(
                async () => RuleOf(await gateway.Client.ReadAsync(token, path, TestProvider.Purpose)) == $"{TestProvider.Echo}@{next}",
                "the new list version is in force on " + gateway.Url);
        }
    }

    private static string? RuleOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Interchange-Rule", out var values) ? values.Single() : null;

    private static long CurrentMinute() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60;

    /// <summary>The limit window is the clock's minute: start well inside one, so the burst does not straddle two.</summary>
    private static async Task<long> StartOfAFreshMinuteAsync()
    {
        var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 60;
        if (second >= 45)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - second));
        }

        return CurrentMinute();
    }
}
