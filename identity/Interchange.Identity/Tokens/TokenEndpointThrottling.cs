using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Interchange.Identity.Tokens;

/// <summary>Refuses token requests of a client id and address that failed too often, before any secret is checked.</summary>
public static class TokenEndpointThrottling
{
    public static IApplicationBuilder UseTokenEndpointThrottling(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.Equals("/connect/token", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var clientId = await ClaimedClientIdAsync(context);
        var throttle = context.RequestServices.GetRequiredService<ClientFailureThrottle>();
        if (throttle.RetryAfter(clientId, context.Connection.RemoteIpAddress?.ToString()) is not { } wait)
        {
            await next(context);
            return;
        }

        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json;charset=UTF-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("error", "invalid_client");
        writer.WriteString("error_description", $"Too many failed attempts for this client; try again in {seconds} s.");
        writer.WriteEndObject();
    });

    /// <summary>The client id the caller claims, from HTTP Basic or the form, without checking anything.</summary>
    private static async Task<string?> ClaimedClientIdAsync(HttpContext context)
    {
        if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is not null)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return Uri.UnescapeDataString(colon < 0 ? decoded : decoded[..colon]);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            return form["client_id"].ToString();
        }

        return null;
    }
}
