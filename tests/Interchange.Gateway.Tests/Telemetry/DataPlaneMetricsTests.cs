using System.Net;
using Interchange.Gateway.Tests.Support;
using Interchange.Testing.Telemetry;

namespace Interchange.Gateway.Tests.Telemetry;

/// <summary>What an operator's Prometheus sees of the data plane on the gateway's <c>/metrics</c>.</summary>
public sealed class DataPlaneMetricsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Requests = "interchange_gateway_requests_total";
    private const string Duration = "interchange_gateway_request_duration_seconds_count";

    private Uri Gateway => fixture.GatewayUrl;

    [Fact]
    public async Task Metrics_AllowedRead_CountsOneAllowedRequestOfTheDatasetAndAgencyWith200()
    {
        var labels = Labels(TestProvider.Echo, GatewayFixture.Consumer, "allowed", 200);
        var before = (await PrometheusScrape.GetAsync(Gateway)).Sum(Requests, labels);

        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Echo}/records");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await PrometheusScrape.GetUntilAsync(Gateway, s => s.Sum(Requests, labels) > before);
        Assert.Equal(before + 1, after.Sum(Requests, labels));
        Assert.True(after.Sum(Duration, labels) >= 1, "the latency histogram has no sample for the read");
    }

    [Fact]
    public async Task Metrics_Refusals_CountDeniedWithTheStatusTheAgencyGot()
    {
        var noPurpose = Labels(TestProvider.Echo, GatewayFixture.Consumer, "denied", 400);
        var noToken = Labels(TestProvider.Echo, "anonymous", "denied", 401);
        var before = await PrometheusScrape.GetAsync(Gateway);

        var refused = await Expect.ReadAsync(fixture, $"data/{TestProvider.Echo}/records", purpose: null);
        var anonymous = await fixture.Client.ReadAsync(null, $"data/{TestProvider.Echo}/records", TestProvider.Purpose);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var after = await PrometheusScrape.GetUntilAsync(Gateway,
            s => s.Sum(Requests, noPurpose) > before.Sum(Requests, noPurpose) && s.Sum(Requests, noToken) > before.Sum(Requests, noToken));
        Assert.Equal(before.Sum(Requests, noPurpose) + 1, after.Sum(Requests, noPurpose));
        Assert.Equal(before.Sum(Requests, noToken) + 1, after.Sum(Requests, noToken));
    }

    [Fact]
    public async Task Metrics_UnknownDataset_IsCountedAsUnknownNeverUnderTheNameTheCallerTyped()
    {
        const string madeUp = "no-such-dataset-7f3a";
        var labels = Labels("unknown", GatewayFixture.Consumer, "denied", 404);
        var before = (await PrometheusScrape.GetAsync(Gateway)).Sum(Requests, labels);

        var response = await Expect.ReadAsync(fixture, $"data/{madeUp}/records");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var after = await PrometheusScrape.GetUntilAsync(Gateway, s => s.Sum(Requests, labels) > before);
        Assert.Equal(before + 1, after.Sum(Requests, labels));
        Assert.DoesNotContain(madeUp, after.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(madeUp, after.LabelValues(Requests, "interchange_dataset"));
    }

    [Fact]
    public async Task Metrics_AllowedRead_CountsItsDurableAuditAppend()
    {
        var appends = new[] { ("interchange_audit_kind", "data-access"), ("interchange_decision", "allowed"), ("interchange_audit_outcome", "durable") };
        var before = (await PrometheusScrape.GetAsync(Gateway)).Sum("interchange_audit_appends_total", appends);

        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Echo}/records");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await PrometheusScrape.GetUntilAsync(Gateway, s => s.Sum("interchange_audit_appends_total", appends) > before);
        Assert.Equal(before + 1, after.Sum("interchange_audit_appends_total", appends));
        Assert.True(after.Sum("interchange_audit_append_duration_seconds_count", appends) >= 1);
    }

    [Fact]
    public async Task Metrics_OfEveryService_NameNoRecordIdQueryValueOrToken()
    {
        const string recordId = "440300199001017777";
        const string searched = "QUERYVALUE-PERSON-7731";
        var token = await fixture.ConsumerTokenAsync();

        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Echo}/records/{recordId}?name={searched}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var service in new[] { fixture.GatewayUrl, fixture.Host.CatalogUrl, fixture.Host.IdentityUrl })
        {
            var scrape = await PrometheusScrape.GetAsync(service);
            Assert.DoesNotContain(recordId, scrape.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(searched, scrape.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(token, scrape.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Metrics_EachServiceOfTheOneProcessHost_ReportsItsOwnRequestsAndTheRuntime()
    {
        var read = await Expect.ReadAsync(fixture, $"data/{TestProvider.Echo}/records");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        const string dataRoute = "/data/" + TestProvider.Echo + "/{**path}";

        var gateway = await PrometheusScrape.GetUntilAsync(Gateway,
            s => s.Sum("http_server_request_duration_seconds_count", ("http_route", dataRoute)) > 0);
        var catalog = await PrometheusScrape.GetAsync(fixture.Host.CatalogUrl);
        var identity = await PrometheusScrape.GetAsync(fixture.Host.IdentityUrl);

        Assert.Single(gateway.Matching("target_info", ("service_name", "interchange-gateway")));
        Assert.Single(catalog.Matching("target_info", ("service_name", "interchange-catalog")));
        Assert.Single(identity.Matching("target_info", ("service_name", "interchange-identity")));
        Assert.True(gateway.Sum("http_server_request_duration_seconds_count", ("http_route", dataRoute)) > 0);
        // The three services share a process, but each counts only the requests its own server answered.
        Assert.Equal(0, catalog.Sum("http_server_request_duration_seconds_count", ("http_route", dataRoute)));
        Assert.Equal(0, identity.Sum("http_server_request_duration_seconds_count", ("http_route", dataRoute)));
        Assert.True(identity.Sum("http_server_request_duration_seconds_count", ("http_route", "/connect/token")) > 0);
        Assert.All([gateway, catalog, identity], s => Assert.NotEmpty(s.Matching("dotnet_process_memory_working_set_bytes")));
    }

    private static (string, string)[] Labels(string dataset, string agency, string decision, int status) =>
    [
        ("interchange_dataset", dataset),
        ("interchange_agency", agency),
        ("interchange_decision", decision),
        ("http_response_status_code", status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];
}
