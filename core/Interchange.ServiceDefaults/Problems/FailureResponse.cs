using System.Text.Json;
using Interchange.Core.Http;
using Microsoft.AspNetCore.Http;

namespace Interchange.ServiceDefaults.Problems;

/// <summary>
/// The one answer of a failure that no handler of the service wrote itself (an exception, a framework status without
/// a body): problem+json of the product's types, or on <c>/connect/*</c> the OAuth error object (RFC 6749 5.2) that token
/// clients parse. Only the status and the product's own wording reach the caller, never framework or exception text.
/// </summary>
internal static class FailureResponse
{
    public static async Task WriteAsync(HttpContext context, int status, string? detail = null)
    {
        var requestId = InterchangeRequestIds.Of(context, out var assignedHere);
        if (assignedHere)
        {
            context.Response.Headers[InterchangeHeaders.RequestId] = requestId;
        }

        detail ??= DefaultDetail(status);
        if (context.Request.Path.StartsWithSegments("/connect", StringComparison.OrdinalIgnoreCase))
        {
            await WriteOAuthErrorAsync(context, status, detail);
            return;
        }

        await ProblemWriter.WriteAsync(context, TypeOf(status), detail, requestId, status: status);
    }

    private static ProblemType TypeOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ProblemTypes.Unauthenticated,
        StatusCodes.Status403Forbidden => ProblemTypes.Forbidden,
        StatusCodes.Status404NotFound => ProblemTypes.NotFound,
        StatusCodes.Status405MethodNotAllowed => ProblemTypes.MethodNotAllowed,
        StatusCodes.Status408RequestTimeout => ProblemTypes.RequestTimeout,
        StatusCodes.Status413PayloadTooLarge => ProblemTypes.PayloadTooLarge,
        StatusCodes.Status429TooManyRequests => ProblemTypes.RateLimited,
        StatusCodes.Status502BadGateway or StatusCodes.Status504GatewayTimeout => ProblemTypes.UpstreamUnavailable,
        StatusCodes.Status503ServiceUnavailable => ProblemTypes.ServiceUnavailable,
        >= 500 => ProblemTypes.InternalError,
        _ => ProblemTypes.BadRequest,
    };

    private static string DefaultDetail(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "Authentication is required.",
        StatusCodes.Status403Forbidden => "The request is not permitted.",
        StatusCodes.Status404NotFound => "There is nothing at this path.",
        StatusCodes.Status405MethodNotAllowed => "The method is not allowed at this path.",
        StatusCodes.Status408RequestTimeout => "The request was not received in time.",
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than this service accepts.",
        StatusCodes.Status415UnsupportedMediaType => "The request's content type is not accepted here.",
        StatusCodes.Status429TooManyRequests => "Too many requests; try again later.",
        StatusCodes.Status502BadGateway => "The service behind this one could not be reached.",
        StatusCodes.Status503ServiceUnavailable => "The service is unavailable; try again later.",
        StatusCodes.Status504GatewayTimeout => "The service behind this one did not answer in time.",
        >= 500 => "The service failed to answer; the request id identifies the failure in the service's log.",
        _ => "The request could not be read.",
    };

    private static async Task WriteOAuthErrorAsync(HttpContext context, int status, string description)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json;charset=UTF-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString("error", status switch
            {
                StatusCodes.Status503ServiceUnavailable => "temporarily_unavailable",
                >= 500 => "server_error",
                _ => "invalid_request",
            });
            writer.WriteString("error_description", description);
            writer.WriteEndObject();
            await writer.FlushAsync(context.RequestAborted);
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
