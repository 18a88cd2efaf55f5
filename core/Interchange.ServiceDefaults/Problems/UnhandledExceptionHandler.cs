using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Interchange.ServiceDefaults.Problems;

/// <summary>
/// Every exception that leaves a service's pipeline. What the caller got wrong and the server found while reading the
/// request (Kestrel's body limits and rates, a form over its limits, a body minimal APIs cannot bind) keeps its 4xx;
/// anything else is a 500 that names only the request id, with the exception in the service's log.
/// </summary>
internal sealed partial class UnhandledExceptionHandler(ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => "The request body is larger than this service accepts.",
                StatusCodes.Status408RequestTimeout => "The request body was sent too slowly.",
                _ => "The request could not be read.",
            }),
            // FormReader's limits (field count, name and value lengths) and malformed multipart bodies.
            InvalidDataException when httpContext.Request.HasFormContentType =>
                (StatusCodes.Status400BadRequest, "The form could not be read: it is malformed or over this service's limits (fields, name and value lengths)."),
            _ => (StatusCodes.Status500InternalServerError, (string?)null),
        };

        var requestId = InterchangeRequestIds.Of(httpContext, out _);
        if (status >= 500)
        {
            // The route pattern, not the path: paths carry record identifiers.
            var route = (httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint as RouteEndpoint)?.RoutePattern.RawText;
            LogUnhandled(logger, exception, requestId, httpContext.Request.Method, route ?? "(no route)");
        }
        else
        {
            // Neither the message nor the exception: they can quote what the caller sent.
            LogRefused(logger, requestId, status, exception.GetType().Name);
        }

        await FailureResponse.WriteAsync(httpContext, status, detail);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {RequestId} failed: {Method} {Route}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestId, string method, string route);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Request {RequestId} refused with {Status}: the server could not read it ({ExceptionType})")]
    private static partial void LogRefused(ILogger logger, string requestId, int status, string exceptionType);
}
