using System.Net;
using System.Text;
using Interchange.Audit;
using Interchange.Gateway.Tests.Support;

namespace Interchange.Gateway.Tests.DataPlane;

/// <summary>Only the methods a list entry permits reach its source (reads unless the entry says more); others get 405 from the gateway.</summary>
public sealed class MethodTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    /// <summary>A body of the kind a query-by-body source takes.</summary>
    private const string Query = """{"id_number":"440300199001010000"}""";

    [Theory]
    [InlineData("DELETE")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("POST")]
    public async Task Proxy_WriteMethodOnAReadOnlyEntry_Returns405WithAllowAndIsAuditedAsDenied(string method)
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await SendAsync(method, TestProvider.Echo, marker);

        await Expect.ProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow);
        var record = await Expect.AuditedRefusalAsync(fixture, response, GatewayFixture.Consumer, TestProvider.Echo, "method-not-allowed");
        Assert.Equal(TestProvider.Rule(TestProvider.Echo), record.Rule);
        Assert.Contains(method, record.Detail ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Source.Requests, r => r.Path.Contains(marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Proxy_HeadOnAReadOnlyEntry_ReachesTheSource()
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await SendAsync("HEAD", TestProvider.Echo, marker);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var got = Assert.Single(fixture.Source.Requests, r => r.Path.Contains(marker, StringComparison.Ordinal));
        Assert.Equal("HEAD", got.Method);
    }

    [Fact]
    public async Task Proxy_PostOnAnEntryListingPost_ReachesTheSourceWithItsBody()
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await SendAsync("POST", TestProvider.Query, marker);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var got = Assert.Single(fixture.Source.Requests, r => r.Path.Contains(marker, StringComparison.Ordinal));
        Assert.Equal("POST", got.Method);
        Assert.StartsWith("application/json", got.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetByteCount(Query).ToString(System.Globalization.CultureInfo.InvariantCulture), got.Headers["Content-Length"]);
        var record = await Expect.AuditedOnceAsync(fixture, response);
        Assert.Equal(AuditDecision.Allowed, record.Decision);
    }

    [Fact]
    public async Task Proxy_MethodTheEntryDoesNotList_Returns405WithTheEntrysMethodsInAllow()
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await SendAsync("DELETE", TestProvider.Query, marker);

        await Expect.ProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Equal(["GET", "HEAD", "POST"], response.Content.Headers.Allow);
        await Expect.AuditedRefusalAsync(fixture, response, GatewayFixture.Consumer, TestProvider.Query, "method-not-allowed");
        Assert.DoesNotContain(fixture.Source.Requests, r => r.Path.Contains(marker, StringComparison.Ordinal));
    }

    private Task<HttpResponseMessage> SendAsync(string method, string dataset, string marker) =>
        Expect.ReadAsync(fixture, $"data/{dataset}/records/{marker}", customise: r =>
        {
            r.Method = new HttpMethod(method);
            if (method is not ("GET" or "HEAD" or "DELETE"))
            {
                r.Content = new StringContent(Query, Encoding.UTF8, "application/json");
            }
        });
}
