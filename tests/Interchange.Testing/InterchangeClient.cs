using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Interchange.Core.Http;

namespace Interchange.Testing;

/// <summary>What an agency's software does against the front door: get tokens, read data, ask GraphQL.</summary>
public sealed class InterchangeClient(Uri gateway) : IDisposable
{
    /// <summary>Every body this client received, so a test can search all of them for canaries.</summary>
    private readonly List<string> _seen = [];

    public HttpClient Http { get; } = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };

    public IReadOnlyList<string> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    public async Task<string> TokenAsync(string agency, string? scope = null)
    {
        var response = await TokenResponseAsync(agency, agency + "-secret", scope);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"token for {agency}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public async Task<HttpResponseMessage> TokenResponseAsync(string clientId, string secret, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));
        var response = await Http.SendAsync(request);
        await RememberAsync(response);
        return response;
    }

    /// <summary>A data-plane read; headers are sent only when given.</summary>
    public async Task<HttpResponseMessage> ReadAsync(string? token, string path, string? purpose = null, string? @case = null, Action<HttpRequestMessage>? customise = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (purpose is not null)
        {
            request.Headers.Add(InterchangeHeaders.Purpose, purpose);
        }

        if (@case is not null)
        {
            request.Headers.Add(InterchangeHeaders.Case, @case);
        }

        customise?.Invoke(request);
        var response = await Http.SendAsync(request);
        await RememberAsync(response);
        return response;
    }

    /// <summary>A GraphQL operation; returns the HTTP status and the parsed response.</summary>
    public async Task<GraphQLResponse> GraphQLAsync(string? token, string query, object? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql")
        {
            Content = JsonContent.Create(new { query, variables }),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await SendGraphQLAsync(request);
    }

    public async Task<GraphQLResponse> SendGraphQLAsync(HttpRequestMessage request)
    {
        var response = await Http.SendAsync(request);
        var body = await RememberAsync(response);
        return new GraphQLResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, JsonDocument.Parse(body).RootElement.Clone(), body)
        {
            RequestId = response.Headers.TryGetValues(InterchangeHeaders.RequestId, out var ids) ? ids.FirstOrDefault() : null,
        };
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private async Task<string> RememberAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var headers = string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
        lock (_seen)
        {
            _seen.Add(headers + "\n\n" + body);
        }

        return body;
    }

    public void Dispose() => Http.Dispose();
}

public sealed record GraphQLResponse(HttpStatusCode Status, string? ContentType, JsonElement Json, string Body)
{
    /// <summary>The <c>Interchange-Request-Id</c> the front door answered with, which the audit record of a workflow action carries.</summary>
    public string? RequestId { get; init; }

    public JsonElement Data => Json.GetProperty("data");

    public bool HasErrors => Json.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0;

    public string? FirstErrorCode => HasErrors && Json.GetProperty("errors")[0].TryGetProperty("extensions", out var ext) && ext.TryGetProperty("code", out var code)
        ? code.GetString()
        : null;
}
