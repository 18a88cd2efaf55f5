using System.Net;
using Interchange.Core.Http;
using Interchange.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Interchange.Gateway.Tests.Routing;

/// <summary>The connect-time address check (docs/security.md, case 18): with loopback sources not allowed, nothing is forwarded to them.</summary>
public sealed class SourceAddressTests : IClassFixture<SourceAddressTests.StrictFixture>
{
    private readonly StrictFixture _fixture;

    public SourceAddressTests(StrictFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Read_SourceResolvingToLoopback_IsRefusedAtConnectTimeWith502()
    {
        var token = await _fixture.Client.TokenAsync("sz-civil-affairs");

        var response = await _fixture.Client.ReadAsync(token, "data/business-licenses/records?limit=1", "business-verification");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var problem = await InterchangeClient.JsonAsync(response);
        Assert.Equal(ProblemTypes.UpstreamUnavailable.Uri, problem.GetProperty("type").GetString());
        Assert.DoesNotContain("uscc", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The demo, with the production rule: sources may not be on loopback (the demo sources are).</summary>
    public sealed class StrictFixture : InterchangeFixture
    {
        protected override void Configure(WebApplicationBuilder builder) =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Gateway:AllowLoopbackSources"] = "false" });
    }
}
