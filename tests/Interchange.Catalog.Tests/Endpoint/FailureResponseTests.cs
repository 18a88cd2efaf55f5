using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Interchange.Testing;

namespace Interchange.Catalog.Tests.Endpoint;

/// <summary>
/// The catalogue's own failures (the framework's 413 and 404 included) are problem+json in the product's shape, never a
/// stack trace, with the services running in Development as the standalone host does by default.
/// </summary>
public sealed class FailureResponseTests(InterchangeFixture fixture) : IClassFixture<InterchangeFixture>
{
    private const string ProblemPrefix = "urn:interchange:problem:";

    [Fact]
    public async Task Post_BodyOver256KBThroughTheGateway_Returns413ProblemWithoutStackTrace()
    {
        Assert.Equal("Development", fixture.Host.Options.EnvironmentName);
        var token = await fixture.Client.TokenAsync("sz-civil-affairs");

        using var response = await PostLargeAsync(fixture.Client.Http, token);

        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Equal(Single(response, "Interchange-Request-Id"), problem.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task Post_BodyOver256KBStraightToTheCatalogue_Returns413ProblemWithoutStackTrace()
    {
        var token = await fixture.Client.TokenAsync("sz-civil-affairs");
        using var http = new HttpClient { BaseAddress = fixture.Host.CatalogUrl };

        using var response = await PostLargeAsync(http, token);

        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Equal(Single(response, "Interchange-Request-Id"), problem.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task Get_PathTheCatalogueDoesNotServe_Returns404Problem()
    {
        using var http = new HttpClient { BaseAddress = fixture.Host.CatalogUrl };

        using var response = await http.GetAsync("admin/config.php");

        await ProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Get_PathTheCatalogueDoesNotServeAskingForHtml_StillReturns404Problem()
    {
        // The framework's own writer would fall back to text/plain for a browser's Accept header.
        using var http = new HttpClient { BaseAddress = fixture.Host.CatalogUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "nothing-here");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await http.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    private static async Task<HttpResponseMessage> PostLargeAsync(HttpClient http, string token)
    {
        var query = "{ datasets { totalCount } }" + new string(' ', 300 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string problem)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(ProblemPrefix + problem, json.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("requestId").GetString()));
        return json;
    }

    private static string Single(HttpResponseMessage response, string header)
    {
        Assert.True(response.Headers.TryGetValues(header, out var values), $"no {header}");
        return Assert.Single(values);
    }
}
