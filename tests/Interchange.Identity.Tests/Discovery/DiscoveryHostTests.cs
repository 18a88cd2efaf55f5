using System.Net;
using System.Text.Json;
using Interchange.Testing;

namespace Interchange.Identity.Tests.Discovery;

/// <summary>The discovery document names the configured issuer's endpoints, whatever host the request claims.</summary>
public sealed class DiscoveryHostTests(InterchangeFixture fixture) : IClassFixture<InterchangeFixture>
{
    private string Issuer => fixture.GatewayUrl.AbsoluteUri;

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:8443")]
    [InlineData("127.0.0.1")]
    public async Task Discovery_ThroughTheGatewayWithAnotherHost_NamesOnlyTheIssuersUrls(string host)
    {
        var document = await DiscoveryAsync(fixture.Client.Http, host);

        AssertEveryUrlUnderTheIssuer(document, host);
    }

    [Fact]
    public async Task Discovery_AtTheIdentityServerDirectlyWithAnotherHost_NamesOnlyTheIssuersUrls()
    {
        using var http = new HttpClient { BaseAddress = fixture.Host.IdentityUrl };

        var document = await DiscoveryAsync(http, "evil.example");

        AssertEveryUrlUnderTheIssuer(document, "evil.example");
    }

    private static async Task<JsonElement> DiscoveryAsync(HttpClient http, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ".well-known/openid-configuration");
        request.Headers.Host = host;
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private void AssertEveryUrlUnderTheIssuer(JsonElement document, string host)
    {
        var urls = document.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.String && Uri.IsWellFormedUriString(p.Value.GetString(), UriKind.Absolute))
            .Select(p => (p.Name, Url: p.Value.GetString()!))
            .ToList();
        Assert.Contains(urls, u => u.Name == "token_endpoint");
        Assert.Contains(urls, u => u.Name == "jwks_uri");
        Assert.All(urls, u => Assert.True(u.Url.StartsWith(Issuer, StringComparison.Ordinal), $"{u.Name} is {u.Url}, not under {Issuer}"));
        Assert.DoesNotContain(host, document.GetRawText().Replace(Issuer, "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
