using System.Net;
using Interchange.Core.Http;
using Interchange.Gateway.Tests.Support;

namespace Interchange.Gateway.Tests.DataPlane;

/// <summary>A source receives an allowlist of the agency's headers plus the gateway's own assertion, never whatever else the agency sent.</summary>
public sealed class HeaderAllowlistTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    /// <summary>Routing and client-address hints a source's framework may honour, and look-alikes of the gateway's own headers.</summary>
    private static readonly (string Name, string Value)[] Refused =
    [
        ("X-Original-URL", "/admin/export"),
        ("X-Rewrite-URL", "/admin/export"),
        ("X-Real-IP", "10.0.0.1"),
        ("True-Client-IP", "10.0.0.1"),
        ("X-Client-IP", "10.0.0.1"),
        ("Interchange-Agency2", "sz-public-security"),
        ("interchange_agency", "sz-public-security"),
        ("Interchange-Agency-Override", "sz-public-security"),
        ("X-Interchange-Agency", "sz-public-security"),
        ("Referer", "https://intranet.example/"),
        ("Origin", "https://intranet.example"),
        ("User-Agent", "agency-client/1.0"),
        ("Accept-Encoding", "gzip"),
        ("Proxy-Authorization", "Basic c2VjcmV0"),
        ("X-Api-Key", "agency-api-key"),
    ];

    /// <summary>What a source needs to answer: content negotiation and conditional reads.</summary>
    private static readonly (string Name, string Value)[] Allowed =
    [
        ("Accept", "application/json"),
        ("Accept-Language", "zh-CN"),
        ("If-None-Match", "\"v1\""),
        ("If-Modified-Since", "Sun, 01 Nov 2026 00:00:00 GMT"),
    ];

    /// <summary>Set by the gateway or its HTTP client, never copied from the agency.</summary>
    private static readonly string[] Transport = ["Host", "traceparent", "tracestate"];

    [Fact]
    public async Task Proxy_HeadersOutsideTheAllowlist_NeverReachTheSource()
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Echo}/records/{marker}", @case: "CASE-A-1", customise: r =>
        {
            foreach (var (name, value) in Refused.Concat(Allowed))
            {
                Assert.True(r.Headers.TryAddWithoutValidation(name, value), name);
            }

            r.Headers.TryAddWithoutValidation(InterchangeHeaders.Agency, "sz-public-security");
            r.Headers.TryAddWithoutValidation(InterchangeHeaders.RequestId, "client-chosen");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var got = Assert.Single(fixture.Source.Requests, r => r.Path.Contains(marker, StringComparison.Ordinal));
        foreach (var (name, _) in Refused)
        {
            Assert.False(got.Headers.ContainsKey(name), $"the source got {name}: {got.Headers.GetValueOrDefault(name)}");
        }

        foreach (var (name, value) in Allowed)
        {
            Assert.Equal(value, got.Headers.GetValueOrDefault(name));
        }

        Assert.Equal(GatewayFixture.Consumer, got.Headers[InterchangeHeaders.Agency]);
        Assert.Equal(TestProvider.Purpose, got.Headers[InterchangeHeaders.Purpose]);
        Assert.Equal(Expect.RequestId(response), got.Headers[InterchangeHeaders.RequestId]);
        Assert.Equal("CASE-A-1", got.Headers[InterchangeHeaders.Case]);
        string[] expected = [.. Allowed.Select(h => h.Name), InterchangeHeaders.Agency, InterchangeHeaders.Purpose, InterchangeHeaders.RequestId, InterchangeHeaders.Case];
        Assert.Equal(
            expected.Order(StringComparer.OrdinalIgnoreCase),
            got.Headers.Keys.Where(k => !Transport.Contains(k, StringComparer.OrdinalIgnoreCase)).Order(StringComparer.OrdinalIgnoreCase),
            StringComparer.OrdinalIgnoreCase);
    }
}
