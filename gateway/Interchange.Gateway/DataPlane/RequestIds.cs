using Interchange.Core.Http;

namespace Interchange.Gateway.DataPlane;

/// <summary>Every answer of the gateway carries an <c>Interchange-Request-Id</c>; the same id is in the audit record.</summary>
internal static class RequestIds
{
    private const string ItemKey = Interchange.ServiceDefaults.Problems.InterchangeRequestIds.ItemKey;

    public static string Get(HttpContext context) => (string)context.Items[ItemKey]!;

    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var id = Guid.CreateVersion7().ToString("N");
        context.Items[ItemKey] = id;
        context.Response.Headers[InterchangeHeaders.RequestId] = id;
        // Client-supplied identity assertions are never trusted, on any route.
        context.Request.Headers.Remove(InterchangeHeaders.Agency);
        return next(context);
    });
}
