using System.Net;
using Interchange.Gateway.Tests.Support;
using Interchange.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Interchange.Gateway.Tests.Telemetry;

/// <summary>
/// <c>/metrics</c> names agencies and datasets, so it is served only to <c>Telemetry:MetricsAllowedNetworks</c>;
/// here that is a network the tests' loopback client is not in.
/// </summary>
public sealed class MetricsAccessTests(MetricsAccessTests.ClosedMetricsFixture fixture) : IClassFixture<MetricsAccessTests.ClosedMetricsFixture>
{
    [Fact]
    public async Task Metrics_FromOutsideTheAllowedNetworks_GatewayAnswers404LikeAnyPathThatDoesNotExist()
    {
        var response = await fixture.Client.Http.GetAsync("metrics");

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.NotFound, "not-found");
        Assert.DoesNotContain("interchange_", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.Http.GetAsync("health/live")).StatusCode);
    }

    [Fact]
    public async Task Metrics_FromOutsideTheAllowedNetworks_CatalogueAndIdentityServeNoMetrics()
    {
        using var http = new HttpClient();
        foreach (var service in new[] { fixture.Host.CatalogUrl, fixture.Host.IdentityUrl })
        {
            var response = await http.GetAsync(new Uri(service, "metrics"));
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("target_info", body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(service, "health/live"))).StatusCode);
        }
    }

    public sealed class ClosedMetricsFixture : InterchangeFixture
    {
        protected override void Configure(WebApplicationBuilder builder) =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Telemetry:MetricsAllowedNetworks:0"] = "10.20.0.0/16",
                ["Telemetry:MetricsAllowedNetworks:1"] = "192.0.2.7",
            });
    }
}
