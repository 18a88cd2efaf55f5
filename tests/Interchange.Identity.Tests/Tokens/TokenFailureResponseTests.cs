using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Interchange.Testing;

namespace Interchange.Identity.Tests.Tokens;

/// <summary>
/// Requests the token endpoint cannot read get the OAuth error shape (RFC 6749 5.2), never a stack trace, and before any
/// client secret is checked; the identity server's other failures are problem+json. The services run in Development.
/// </summary>
public sealed class TokenFailureResponseTests(InterchangeFixture fixture) : IClassFixture<InterchangeFixture>
{
    private HttpClient Http => fixture.Client.Http;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Token_TwoThousandFormFields_Returns400InvalidRequestBeforeAnySecretCheck(bool basic)
    {
        Assert.Equal("Development", fixture.Host.Options.EnvironmentName);
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (!basic)
        {
            form.Add(new("client_id", "sz-civil-affairs"));
            form.Add(new("client_secret", "a-wrong-secret"));
        }

        form.AddRange(Enumerable.Range(0, 2000).Select(i => new KeyValuePair<string, string>($"f{i}", "x")));
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token") { Content = new FormUrlEncodedContent(form) };
        if (basic)
        {
            // A wrong secret: had it been checked, the answer would be invalid_client.
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sz-civil-affairs:a-wrong-secret")));
        }

        using var response = await Http.SendAsync(request);

        var error = await OAuthErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_FortyFormFields_Returns400InvalidRequest()
    {
        // A token request has a handful of fields; the identity server reads no more than 32.
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        form.AddRange(Enumerable.Range(0, 40).Select(i => new KeyValuePair<string, string>($"f{i}", "x")));
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sz-civil-affairs:sz-civil-affairs-secret")));

        using var response = await Http.SendAsync(request);

        var error = await OAuthErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_BodyOver64KB_Returns413InvalidRequest()
    {
        using var response = await Http.SendAsync(OversizedTokenRequest());

        var error = await OAuthErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_BodyOver64KBStraightToTheIdentityServer_Returns413InvalidRequest()
    {
        using var http = new HttpClient { BaseAddress = fixture.Host.IdentityUrl };

        using var response = await http.SendAsync(OversizedTokenRequest());

        var error = await OAuthErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Connect_EndpointThatDoesNotExist_Returns404InOAuthShape()
    {
        using var response = await Http.PostAsync("connect/nothing", new StringContent(""));

        var error = await OAuthErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Get_PathTheIdentityServerDoesNotServe_Returns404Problem()
    {
        using var http = new HttpClient { BaseAddress = fixture.Host.IdentityUrl };

        using var response = await http.GetAsync("admin/config.php");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("urn:interchange:problem:not-found", json.GetProperty("type").GetString());
        Assert.Equal(404, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("requestId").GetString()));
    }

    private static HttpRequestMessage OversizedTokenRequest()
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["padding"] = new string('a', 100 * 1024) };
        var request = new HttpRequestMessage(HttpMethod.Post, "connect/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sz-civil-affairs:a-wrong-secret")));
        return request;
    }

    private static async Task<JsonElement> OAuthErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {(body.Length > 2000 ? body[..2000] : body)}");
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, "an OAuth error must not be cached");
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("error_description").GetString()));
        return json;
    }
}
