using System.Diagnostics;
using Interchange.Gateway.DataPlane;
using Interchange.Gateway.Routing;
using Interchange.ServiceDefaults.Tokens;
using Yarp.ReverseProxy.Model;

namespace Interchange.Gateway.Telemetry;

/// <summary>
/// Counts and times every <c>/data/…</c> answer around the whole data plane (front-door guard, decision, proxy,
/// masking, audit): after the pipeline it reads what the data plane decided (<see cref="DataRequest"/>, set only
/// for allowed requests) and the status the agency got.
/// </summary>
internal sealed class DataPlaneMetrics(GatewayMetrics metrics, AgencyTokenValidator tokens, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/data", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var started = time.GetTimestamp();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            await RecordAsync(context, started, failed);
        }
    }

    /// <summary>The catalogue dataset of a generated data route; null for anything else.</summary>
    public static string? DatasetOf(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<RouteModel>()?.Config.Metadata is { } metadata
        && metadata.TryGetValue(RouteMetadata.Dataset, out var dataset)
            ? dataset
            : null;

    private async Task RecordAsync(HttpContext context, long started, bool failed)
    {
        try
        {
            var request = context.Features.Get<DataRequest>();
            var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var tags = new TagList
            {
                { GatewayMetrics.DatasetTag, request?.DatasetId ?? DatasetOf(context.GetEndpoint()) ?? GatewayMetrics.Unknown },
                { GatewayMetrics.AgencyTag, request?.Agency.AgencyId ?? await RefusedAgencyAsync(context, status) },
                { GatewayMetrics.DecisionTag, request is null ? GatewayMetrics.Denied : GatewayMetrics.Allowed },
                { GatewayMetrics.StatusTag, status },
            };
            metrics.Requests.Add(1, tags);
            metrics.Duration.Record(time.GetElapsedTime(started).TotalSeconds, tags);
        }
        catch (Exception)
        {
            // A metric is never worth failing an answer for (or hiding the exception that failed it).
        }
    }

    /// <summary>
    /// A refused request carries no decision; its agency is the token's, which the data plane validated a moment ago
    /// (so this is a cache lookup). 401s are anonymous by definition.
    /// </summary>
    private async ValueTask<string> RefusedAgencyAsync(HttpContext context, int status)
    {
        if (status == StatusCodes.Status401Unauthorized || context.Request.Headers.Authorization.Count == 0)
        {
            return GatewayMetrics.Anonymous;
        }

        var check = await tokens.ValidateHeaderAsync(context.Request.Headers.Authorization, CancellationToken.None);
        return check.Succeeded ? check.Principal!.AgencyId : GatewayMetrics.Anonymous;
    }
}
