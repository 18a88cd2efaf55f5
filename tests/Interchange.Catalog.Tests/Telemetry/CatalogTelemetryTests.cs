using Interchange.Testing;
using Interchange.Testing.Telemetry;

namespace Interchange.Catalog.Tests.Telemetry;

/// <summary>The catalogue's metrics, and its GraphQL data reads as the gateway's data-plane metrics count them.</summary>
public sealed class CatalogTelemetryTests(InterchangeFixture fixture) : IClassFixture<InterchangeFixture>
{
    private const string Consumer = "sz-civil-affairs";
    private const string Dataset = "business-licenses";
    private const string Purpose = "subsistence-allowance-review";

    [Fact]
    public async Task GraphQLRecords_ReadThroughTheGateway_IsCountedThereAsAnAllowedDataPlaneRequest()
    {
        (string, string)[] labels =
        [
            ("interchange_dataset", Dataset), ("interchange_agency", Consumer),
            ("interchange_decision", "allowed"), ("http_response_status_code", "200"),
        ];
        var token = await fixture.Client.TokenAsync(Consumer);
        var before = (await PrometheusScrape.GetAsync(fixture.GatewayUrl)).Sum("interchange_gateway_requests_total", labels);

        var result = await fixture.Client.GraphQLAsync(token,
            $$"""{ records(dataset: "{{Dataset}}", path: "records?limit=1", purpose: "{{Purpose}}") }""");

        Assert.False(result.HasErrors, result.Body);
        var after = await PrometheusScrape.GetUntilAsync(fixture.GatewayUrl, s => s.Sum("interchange_gateway_requests_total", labels) > before);
        Assert.Equal(before + 1, after.Sum("interchange_gateway_requests_total", labels));
    }

    [Fact]
    public async Task Metrics_CatalogueAddress_CountsGraphQLRequestsAndItsCallsToTheGateway()
    {
        var token = await fixture.Client.TokenAsync(Consumer);
        var gatewayPort = fixture.GatewayUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var result = await fixture.Client.GraphQLAsync(token,
            $$"""{ records(dataset: "{{Dataset}}", path: "records?limit=1", purpose: "{{Purpose}}") }""");

        Assert.False(result.HasErrors, result.Body);
        var catalog = await PrometheusScrape.GetUntilAsync(fixture.Host.CatalogUrl,
            s => s.Sum("http_client_request_duration_seconds_count", ("server_port", gatewayPort)) > 0);
        Assert.Single(catalog.Matching("target_info", ("service_name", "interchange-catalog")));
        Assert.True(catalog.Sum("http_server_request_duration_seconds_count", ("http_route", "/graphql"), ("http_response_status_code", "200")) > 0);
        Assert.True(catalog.Sum("http_client_request_duration_seconds_count", ("server_port", gatewayPort), ("http_response_status_code", "200")) > 0);
        // The gateway's business metrics are the gateway's: the catalogue, in the same process here, does not repeat them.
        Assert.Empty(catalog.Matching("interchange_gateway_requests_total"));
    }
}
