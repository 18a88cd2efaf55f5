using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Interchange.Gateway.Tests.Support;

namespace Interchange.Gateway.Tests.Http;

/// <summary>
/// Requests Kestrel refuses before any middleware runs get its own answer, with an empty body (nothing of the server in
/// it); what reaches the pipeline answers in problem+json. The interchange runs in Development, as by default.
/// </summary>
public sealed class FrontDoorFailureTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task FrontDoor_MalformedRequestLine_GetsKestrelsEmpty400()
    {
        Assert.Equal("Development", fixture.Host.Options.EnvironmentName);

        var response = await RawHttp.SendAsync(fixture.GatewayUrl, "/data/test-echo/records with spaces", []);

        Assert.True(response.Status == 400, response.Raw);
        AssertEmptyAnswer(response);
    }

    [Fact]
    public async Task FrontDoor_HeadersOver32KB_GetKestrelsEmpty431()
    {
        var response = await RawHttp.SendAsync(fixture.GatewayUrl, "/graphql", [("X-Padding", new string('a', 40 * 1024))], "POST");

        Assert.True(response.Status == 431, response.Raw[..Math.Min(500, response.Raw.Length)]);
        AssertEmptyAnswer(response);
    }

    [Fact]
    public async Task FrontDoor_RequestLineOver8KB_GetsKestrelsEmpty414()
    {
        var response = await RawHttp.SendAsync(fixture.GatewayUrl, "/connect/token?x=" + new string('a', 10 * 1024), [], "POST");

        Assert.True(response.Status == 414, response.Raw[..Math.Min(500, response.Raw.Length)]);
        AssertEmptyAnswer(response);
    }

    [Fact]
    public async Task FrontDoor_PathMatchingNothingAskingForHtml_Returns404Problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "index.html");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var response = await fixture.Client.Http.SendAsync(request);

        await Expect.ProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task FrontDoor_TokenRequestWithTwoThousandFields_Returns400InvalidRequestWithoutStackTrace()
    {
        var form = string.Join('&', ["grant_type=client_credentials", .. Enumerable.Range(0, 2000).Select(i => $"f{i}=x")]);

        var response = await RawHttp.SendAsync(fixture.GatewayUrl, "/connect/token",
            [("Content-Type", "application/x-www-form-urlencoded"), ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("sz-civil-affairs:wrong")))],
            "POST", Encoding.ASCII.GetBytes(form));

        Assert.True(response.Status == 400, response.Raw);
        Assert.Contains("\"error\":\"invalid_request\"", response.Body, StringComparison.Ordinal);
        AssertNoServerInternals(response.Raw);
    }

    private static void AssertEmptyAnswer(RawResponse response)
    {
        Assert.Equal("", response.Body);
        AssertNoServerInternals(response.Raw);
    }

    private static void AssertNoServerInternals(string raw)
    {
        Assert.DoesNotContain("   at ", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Kestrel", raw, StringComparison.Ordinal);
    }
}
