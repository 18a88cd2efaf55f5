using System.Net;
using System.Text.Json;
using Interchange.Core.Http;
using Interchange.Gateway.Tests.Support;

namespace Interchange.Gateway.Tests.DataPlane;

/// <summary>docs/security.md, cases 10, 16 and 19: what a source is told, and what of a source's headers reaches the agency.</summary>
public sealed class HeaderTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly string[] NeverForwarded =
    [
        "Authorization", "Cookie", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix", "Forwarded",
        "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override",
    ];

    [Fact]
    public async Task Proxy_ClientIdentityAndForwardingHeaders_NeverReachTheSource()
    {
        var token = await fixture.ConsumerTokenAsync();

        var response = await fixture.Client.ReadAsync(token, $"data/{TestProvider.Echo}/records", TestProvider.Purpose, "CASE-H-1", r =>
        {
            r.Headers.Add("Cookie", "session=agency-session-cookie");
            r.Headers.Add(InterchangeHeaders.Agency, "sz-public-security");
            r.Headers.Add(InterchangeHeaders.RequestId, "client-chosen-request-id");
            r.Headers.Add("X-Forwarded-For", "10.9.8.7");
            r.Headers.Add("X-Forwarded-Host", "internal.example");
            r.Headers.Add("X-Forwarded-Proto", "https");
            r.Headers.Add("X-Forwarded-Prefix", "/admin");
            r.Headers.Add("Forwarded", "for=10.9.8.7;host=internal.example");
            r.Headers.Add("X-HTTP-Method-Override", "DELETE");
            r.Headers.Add("X-HTTP-Method", "DELETE");
            r.Headers.Add("X-Method-Override", "DELETE");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var got = Assert.Single(fixture.Source.Requests, r => r.Headers.GetValueOrDefault(InterchangeHeaders.Case) == "CASE-H-1");
        foreach (var header in NeverForwarded)
        {
            Assert.False(got.Headers.ContainsKey(header), $"the source got {header}: {got.Headers.GetValueOrDefault(header)}");
        }

        Assert.Equal("GET", got.Method);
        Assert.DoesNotContain(token, string.Join('\n', got.Headers.Values), StringComparison.Ordinal);
        Assert.Equal(GatewayFixture.Consumer, got.Headers[InterchangeHeaders.Agency]);
        Assert.Equal(TestProvider.Purpose, got.Headers[InterchangeHeaders.Purpose]);
        Assert.Equal(Expect.RequestId(response), got.Headers[InterchangeHeaders.RequestId]);
        Assert.Equal("CASE-H-1", got.Headers[InterchangeHeaders.Case]);
    }

    [Fact]
    public async Task Proxy_WithoutCase_SourceGetsNoCaseHeader()
    {
        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Echo}/records/no-case-marker");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var got = Assert.Single(fixture.Source.Requests, r => r.Path.EndsWith("/no-case-marker", StringComparison.Ordinal));
        Assert.False(got.Headers.ContainsKey(InterchangeHeaders.Case));
        Assert.Equal(GatewayFixture.Consumer, got.Headers[InterchangeHeaders.Agency]);
    }

    [Fact]
    public async Task Proxy_HopByHopAbuse_CannotStripTheGatewaysAssertion()
    {
        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Echo}/records/hop-by-hop-marker", customise: r =>
        {
            r.Headers.Connection.Add(InterchangeHeaders.Agency);
            r.Headers.Connection.Add(InterchangeHeaders.Purpose);
            r.Headers.Connection.Add(InterchangeHeaders.RequestId);
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var got = Assert.Single(fixture.Source.Requests, r => r.Path.EndsWith("/hop-by-hop-marker", StringComparison.Ordinal));
        Assert.Equal(GatewayFixture.Consumer, got.Headers[InterchangeHeaders.Agency]);
        Assert.Equal(TestProvider.Purpose, got.Headers[InterchangeHeaders.Purpose]);
        Assert.Equal(Expect.RequestId(response), got.Headers[InterchangeHeaders.RequestId]);
    }

    [Fact]
    public async Task Proxy_SourceSetCookieServerPoweredByAndLocation_AreStripped()
    {
        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Cookies}/records");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.False(response.Headers.Contains("Server"));
        Assert.False(response.Headers.Contains("X-Powered-By"));
        Assert.Null(response.Headers.Location);
        Expect.NoCanaryAnywhere(fixture);
    }

    [Fact]
    public async Task Proxy_SourceRedirect_IsNotFollowedAndItsLocationNeverReachesTheAgency()
    {
        var before = fixture.Source.Requests.Count;

        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Redirect}/records");

        Assert.Null(response.Headers.Location);
        // Observed: the source's 302 is answered as source-rejected with the source's status (302) and no Location.
        await Expect.ProblemAsync(response, HttpStatusCode.Redirect, "source-rejected");
        Assert.Equal(before + 1, fixture.Source.Requests.Count);
        var record = await Expect.AuditedOnceAsync(fixture, response);
        Assert.Equal((int)response.StatusCode, record.Status);
        Expect.NoCanaryAnywhere(fixture);
    }

    [Fact]
    public async Task Proxy_EchoSourceRestrictedAndUndeclaredFields_AreNotReleased()
    {
        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Echo}/records");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var record = JsonDocument.Parse(body).RootElement.GetProperty("records")[0];
        Assert.Equal("Echo Person 0", record.GetProperty("name").GetString());
        Assert.Equal("440300********0000", record.GetProperty("id_number").GetString());
        Assert.False(record.TryGetProperty("internal_remarks", out _));
        Assert.False(record.TryGetProperty("undeclared", out _));
        Expect.NoCanaryAnywhere(fixture);
    }

    [Fact]
    public async Task EveryAnswer_CarriesARequestId_AlsoRefusalsAndControlRoutes()
    {
        var refusals = new[]
        {
            await fixture.Client.ReadAsync(null, "data/business-licenses/records", "business-verification"),
            await Expect.ReadAsync(fixture, "data/no-such/records"),
            await Expect.ReadAsync(fixture, "data", purpose: null),
        };
        using var discovery = await fixture.Client.Http.GetAsync(".well-known/openid-configuration");

        foreach (var response in refusals)
        {
            Expect.RequestId(response);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Expect.RequestId(discovery);
        var ids = refusals.Select(Expect.RequestId).Append(Expect.RequestId(discovery)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Proxy_RequestIdHeaderSentByTheClient_IsReplacedByTheGatewaysOwn()
    {
        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Echo}/records/spoofed-id-marker", customise: r =>
            r.Headers.Add(InterchangeHeaders.RequestId, "client-chosen"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("client-chosen", Expect.RequestId(response));
        var got = Assert.Single(fixture.Source.Requests, r => r.Path.EndsWith("/spoofed-id-marker", StringComparison.Ordinal));
        Assert.Equal(Expect.RequestId(response), got.Headers[InterchangeHeaders.RequestId]);
    }
}
