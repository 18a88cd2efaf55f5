using System.Net;
using Interchange.Gateway.Tests.Support;
using Interchange.Testing.Servers;

namespace Interchange.Gateway.Tests.Redis;

/// <summary><c>records_per_day</c> across gateways (<see cref="TestProvider.Paged"/>: 5 a day): two instances on one Redis count one quota.</summary>
public sealed class RecordQuotaGatewaysTests(RedisGatewaysFixture fixture) : IClassFixture<RedisGatewaysFixture>
{
    [RedisFact]
    public async Task TwoInstances_CountOneQuota_TheNextReadOnEitherIs429()
    {
        var token = await fixture.Client.TokenAsync(RedisGatewaysFixture.TestConsumer(1));

        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(fixture.First, token, 3)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(fixture.Second, token, 2)).StatusCode);

        await Expect.ProblemAsync(await ReadAsync(fixture.First, token, 1), HttpStatusCode.TooManyRequests, "rate-limited");
        var onSecond = await ReadAsync(fixture.Second, token, 1);
        var problem = await Expect.ProblemAsync(onSecond, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Contains("5 released today", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> ReadAsync(GatewayInstance gateway, string token, int limit) =>
        gateway.Client.ReadAsync(token, $"data/{TestProvider.Paged}/records?limit={limit}", TestProvider.Purpose);
}
