using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Interchange.Core.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Interchange.Gateway.Tests.Http;

/// <summary>
/// The failure responses every service gets from the shared hosting defaults, in Development (where the framework would
/// show its developer exception page) and in Production alike.
/// </summary>
public sealed class HostingFailureResponseTests
{
    private const string Canary = "CANARY-EXCEPTION-MESSAGE-0001";
    private const string Token = "CANARY-TOKEN-0001";

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task UnexpectedException_Returns500ProblemWithRequestIdAndLogsTheExceptionOnly(string environment)
    {
        await using var service = await MinimalService.StartAsync(environment, app =>
            app.MapGet("/boom", string () => throw new InvalidOperationException(Canary)));
        using var http = new HttpClient { BaseAddress = service.Url };
        using var request = new HttpRequestMessage(HttpMethod.Get, "boom");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await http.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.InternalServerError, "internal-error");
        var requestId = problem.GetProperty("requestId").GetString()!;
        Assert.Equal(requestId, Assert.Single(response.Headers.GetValues(InterchangeHeaders.RequestId)));
        var log = service.Log;
        Assert.Contains(requestId, log, StringComparison.Ordinal);
        Assert.Contains(nameof(InvalidOperationException), log, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExceptionFromMiddlewareAheadOfTheFailureResponses_InDevelopment_GetsAProblemNotTheDeveloperPage()
    {
        await using var service = await MinimalService.StartAsync("Development", app => app.MapGet("/ok", () => "ok"),
            before: app => app.Use(RequestDelegate (RequestDelegate next) => _ => throw new InvalidOperationException(Canary)));
        using var http = new HttpClient { BaseAddress = service.Url };
        using var request = new HttpRequestMessage(HttpMethod.Get, "ok");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await http.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.InternalServerError, "internal-error");
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task JsonBodyThatDoesNotBind_Returns400ProblemInEveryEnvironment(string environment)
    {
        // Development makes minimal APIs throw on binding failures; Production answers an empty 400.
        await using var service = await MinimalService.StartAsync(environment, app =>
            app.MapPost("/items", (Item item) => item.Name));
        using var http = new HttpClient { BaseAddress = service.Url };

        using var response = await http.PostAsync("items", new StringContent("{\"name\": " + Canary, Encoding.UTF8, "application/json"));

        var body = await ProblemAsync(response, HttpStatusCode.BadRequest, "bad-request");
        Assert.DoesNotContain(Canary, body.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task BodyOverTheServiceLimit_Returns413Problem(string environment)
    {
        await using var service = await MinimalService.StartAsync(environment, app =>
            app.MapPost("/upload", async (HttpContext context) => await context.Request.Body.CopyToAsync(Stream.Null)), maxRequestBodySize: 1024);
        using var http = new HttpClient { BaseAddress = service.Url };

        using var response = await http.PostAsync("upload", new ByteArrayContent(new byte[8 * 1024]));

        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task MethodTheRouteDoesNotTake_Returns405Problem(string environment)
    {
        await using var service = await MinimalService.StartAsync(environment, app => app.MapPost("/items", () => "ok"));
        using var http = new HttpClient { BaseAddress = service.Url };

        using var response = await http.DeleteAsync("items");

        await ProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Fact]
    public async Task UnexpectedExceptionOnAConnectPath_ReturnsOAuthServerError()
    {
        await using var service = await MinimalService.StartAsync("Development", app =>
            app.MapPost("/connect/token", string () => throw new InvalidOperationException(Canary)));
        using var http = new HttpClient { BaseAddress = service.Url };

        using var response = await http.PostAsync("connect/token", new FormUrlEncodedContent([new("grant_type", "client_credentials")]));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("server_error", json.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("error_description").GetString()));
        AssertNoServerInternals(body);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string problem)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        AssertNoServerInternals(body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal("urn:interchange:problem:" + problem, json.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("requestId").GetString()));
        return json;
    }

    private static void AssertNoServerInternals(string body)
    {
        Assert.DoesNotContain(Canary, body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
    }

    public sealed record Item(string Name);
}
