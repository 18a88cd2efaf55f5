using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Interchange.Identity.Tests;

/// <summary>Token requests the way an agency's OAuth client library sends them, and a reader for the JWT it gets.</summary>
internal static class TokenRequests
{
    public static async Task<HttpResponseMessage> BasicAsync(HttpClient http, string clientId, string secret, IDictionary<string, string>? form = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token")
        {
            Content = new FormUrlEncodedContent(form ?? new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));
        return await http.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string clientId, string secret, string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using var content = new FormUrlEncodedContent(form);
        return await http.PostAsync("connect/token", content);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static async Task<string> AccessTokenAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"token request failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public static JsonElement Header(string jwt) => Part(jwt, 0);

    public static JsonElement Payload(string jwt) => Part(jwt, 1);

    /// <summary>The space-separated <c>scope</c> claim as a sorted list.</summary>
    public static string[] Scopes(string jwt) =>
        [.. Payload(jwt).GetProperty("scope").GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];

    /// <summary>The <c>role</c> claim (a string or an array) as a sorted list.</summary>
    public static string[] Roles(string jwt)
    {
        var role = Payload(jwt).GetProperty("role");
        return role.ValueKind == JsonValueKind.Array
            ? [.. role.EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal)]
            : [role.GetString()!];
    }

    private static JsonElement Part(string jwt, int index)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        return JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(parts[index])).RootElement.Clone();
    }
}
