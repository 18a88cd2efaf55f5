using System.Net;
using Interchange.Gateway.Tests.Support;
using Interchange.Testing.Servers;

namespace Interchange.Gateway.Tests.Redis;

/// <summary>
/// <c>records_per_day</c> with Redis down (<see cref="TestProvider.Paged"/>: 5 a day): never past the quota, and never
/// more than each instance's share of it (two instances: 2 each) while nothing can be counted in Redis.
/// </summary>
public sealed class RecordQuotaRedisFaultTests(RedisFaultFixture fixture) : IClassFixture<RedisFaultFixture>
{
    [RedisFact]
    public async Task RedisDown_OnceTheQuotaIsUsed_BothInstancesRefuse()
    {
        await WaitUntilCachesAreInUseAsync();
        var token = await fixture.Client.TokenAsync(RedisGatewaysFixture.TestConsumer(2));
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(fixture.First, token, 3)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(fixture.Second, token, 2)).StatusCode);
        // Each instance learns the day's count from Redis with its next decision.
        await Expect.ProblemAsync(await ReadAsync(fixture.First, token, 1), HttpStatusCode.TooManyRequests, "rate-limited");
        await Expect.ProblemAsync(await ReadAsync(fixture.Second, token, 1), HttpStatusCode.TooManyRequests, "rate-limited");

        var proxy = fixture.Proxy!;
        proxy.Down();
        try
        {
            foreach (var gateway in new[] { fixture.First, fixture.Second })
            {
                var refused = await ReadAsync(gateway, token, 1);
                var problem = await Expect.ProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate-limited");
                Assert.Contains("records_per_day", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }
        finally
        {
            proxy.Up();
        }

        await WaitUntilCachesAreInUseAsync();
    }

    [RedisFact]
    public async Task RedisDown_ANewConsumer_GetsOnlyEachInstancesShare_NeverTheWholeQuotaTwice()
    {
        await WaitUntilCachesAreInUseAsync();
        var token = await fixture.Client.TokenAsync(RedisGatewaysFixture.TestConsumer(3));
        var proxy = fixture.Proxy!;
        proxy.Down();
        var released = 0;
        try
        {
            foreach (var gateway in new[] { fixture.First, fixture.Second })
            {
                for (var i = 0; i < TestProvider.RecordsPerDay; i++)
                {
                    var response = await ReadAsync(gateway, token, 1);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        released++;
                    }
                    else
                    {
                        await Expect.ProblemAsync(response, HttpStatusCode.TooManyRequests, "rate-limited");
                    }
                }
            }
        }
        finally
        {
            proxy.Up();
        }

        // 5 / 2 = 2 per instance: 4 in all, within the quota of 5, where each alone would have allowed 5.
        Assert.Equal(4, released);
        await WaitUntilCachesAreInUseAsync();
    }

    private static Task<HttpResponseMessage> ReadAsync(GatewayInstance gateway, string token, int limit) =>
        gateway.Client.ReadAsync(token, $"data/{TestProvider.Paged}/records?limit={limit}", TestProvider.Purpose);

    private async Task WaitUntilCachesAreInUseAsync()
    {
        foreach (var gateway in new[] { fixture.First, fixture.Second })
        {
            await RedisGatewaysFixture.EventuallyAsync(() => Task.FromResult(gateway.Cache!.Epoch is not null), "caches are in use on " + gateway.Url);
        }
    }
}
