using System.Net.Http.Headers;
using System.Text.Json;
using Interchange.Catalog.Schema;
using Interchange.Core.Http;

namespace Interchange.Catalog.Records;

/// <summary>
/// Reads shared data for GraphQL through the gateway, with the caller's own token, so the decision,
/// masking, rate limit and audit are the data plane's — never a second path to a source.
/// </summary>
public sealed class GatewayDataClient(HttpClient http)
{
    public const int MaxPathLength = 1024;

    public async Task<JsonElement> ReadAsync(string token, string dataset, string path, string purpose, string? @case, CancellationToken cancellationToken)
    {
        // The schema refuses bad arguments with a clear error first; this guard keeps any other caller from
        // turning input into a request that is not the one it looks like.
        if (!IsValidPath(path) || !InterchangeHeaders.IsValidValue(purpose) || (@case is not null && !InterchangeHeaders.IsValidValue(@case)))
        {
            throw new ArgumentException("The path, purpose or case cannot be sent to the gateway as given.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"data/{Uri.EscapeDataString(dataset)}/{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add(InterchangeHeaders.Purpose, purpose);
        if (!string.IsNullOrWhiteSpace(@case))
        {
            request.Headers.Add(InterchangeHeaders.Case, @case);
        }

        // One connection per read: agencies' reads never share a connection, so nothing one of them sends can be
        // read back as another agency's answer. The hop is loopback or a data-centre LAN; a handshake is cheap.
        request.Headers.ConnectionClose = true;

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException)
        {
            throw new GatewayRefusal("The gateway could not be reached.", "UPSTREAM_UNAVAILABLE", ProblemTypes.UpstreamUnavailable.Uri, null, null);
        }

        using (response)
        {
            var gatewayRequestId = response.Headers.TryGetValues(InterchangeHeaders.RequestId, out var ids) ? ids.FirstOrDefault() : null;
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
                return document.RootElement.Clone();
            }

            string? type = null, detail = null, rule = null;
            try
            {
                using var problem = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
                type = problem.RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
                detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
                rule = problem.RootElement.TryGetProperty("rule", out var r) ? r.GetString() : null;
            }
            catch (JsonException)
            {
                // A refusal without a problem body still refuses; the status says enough.
            }

            var status = (int)response.StatusCode;
            var code = status switch
            {
                401 => ErrorCodes.Unauthenticated,
                403 => ErrorCodes.Forbidden,
                404 => ErrorCodes.NotFound,
                429 => "RATE_LIMITED",
                503 when type == ProblemTypes.AuditUnavailable.Uri => ErrorCodes.AuditUnavailable,
                >= 500 => "UPSTREAM_UNAVAILABLE",
                _ => ErrorCodes.BadUserInput,
            };
            throw new GatewayRefusal(detail ?? $"The gateway refused the read (status {status}).", code, type, rule, gatewayRequestId);
        }
    }

    /// <summary>A path below the dataset's source, relative, without traversal, escapes, control characters or an address of its own.</summary>
    public static bool IsValidPath(string path) =>
        path.Length is > 0 and <= MaxPathLength && !path.StartsWith('/') && !path.Contains("..", StringComparison.Ordinal)
        && !path.Contains('\\', StringComparison.Ordinal) && !path.Contains("://", StringComparison.Ordinal)
        && !path.Contains('%', StringComparison.Ordinal) && !path.Contains('#', StringComparison.Ordinal) && !path.Any(char.IsControl);
}
