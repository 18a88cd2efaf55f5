using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Interchange.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Interchange.Identity.Tests.Tokens;

/// <summary>
/// A guesser who changes the address it claims (X-Forwarded-For) or really has does not get a fresh throttle each time:
/// the gateway believes no address a client sends, and identity also counts failures per client id from every address.
/// </summary>
public sealed class ForwardedThrottlingTests(ForwardedThrottlingTests.StrictFixture fixture) : IClassFixture<ForwardedThrottlingTests.StrictFixture>
{
    private const string WrongSecret = "CANARY-WRONG-SECRET-0043";

    [Fact]
    public async Task Token_WrongSecretsThroughTheGatewayWithADifferentForwardedForEachTime_AreThrottledAfterTheLimit()
    {
        const string client = "sz-public-security";
        for (var i = 0; i < StrictFixture.MaxFailures; i++)
        {
            using var failed = await SendAsync(fixture.Client.Http, client, WrongSecret, $"198.51.100.{i + 1}");
            Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        }

        using var throttled = await SendAsync(fixture.Client.Http, client, client + "-secret", "198.51.100.200");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.NotNull(throttled.Headers.RetryAfter);
        Assert.Equal("invalid_client", (await InterchangeClient.JsonAsync(throttled)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_WrongSecretsForOneClientFromManyAddresses_AreThrottledAfterThePerClientLimit()
    {
        // Straight to identity from loopback, as from a gateway: each forwarded address is believed and each differs,
        // so no address reaches its own limit; the client id's count across addresses does.
        const string client = "sz-market-regulation";
        using var identity = new HttpClient { BaseAddress = fixture.Host.IdentityUrl };
        for (var i = 0; i < StrictFixture.MaxFailuresPerClient; i++)
        {
            using var failed = await SendAsync(identity, client, WrongSecret, $"203.0.113.{i + 1}");
            Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        }

        using var throttled = await SendAsync(identity, client, client + "-secret", "203.0.113.200");
        using var otherClient = await SendAsync(identity, "gz-human-resources", "gz-human-resources-secret", "203.0.113.201");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string clientId, string secret, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await http.SendAsync(request);
    }

    /// <summary>The demo with low thresholds, so that the tests need few attempts.</summary>
    public sealed class StrictFixture : InterchangeFixture
    {
        public const int MaxFailures = 3;
        public const int MaxFailuresPerClient = 5;

        protected override void Configure(WebApplicationBuilder builder) =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Identity:MaxClientFailures"] = MaxFailures.ToString(CultureInfo.InvariantCulture),
                ["Identity:MaxClientFailuresPerClient"] = MaxFailuresPerClient.ToString(CultureInfo.InvariantCulture),
            });
    }
}
