using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Interchange.ServiceDefaults.Telemetry;

/// <summary>
/// Puts two steps in front of every service's own pipeline: the request's log context, and the Prometheus scrape
/// endpoint for allowed networks. A scrape from anywhere else falls through to the service's own pipeline and gets
/// the same 404 as any path that does not exist, so agencies learn nothing from it.
/// </summary>
internal sealed partial class MetricsEndpoint(TelemetryOptions options, RequestLogContext logContext, ILogger<MetricsEndpoint> logger) : IStartupFilter
{
    /// <summary>A refused scrape is logged at most once a minute, so nobody can fill the log by asking for it.</summary>
    private const long LogEveryMilliseconds = 60_000;

    private long _nextLogAt;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(logContext.InvokeAsync);
        app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: IsAllowedScrape, path: null, configureBranchedPipeline: null, optionsName: null);
        next(app);
    };

    private bool IsAllowedScrape(HttpContext context)
    {
        if (!context.Request.Path.Equals(TelemetryOptions.MetricsPath, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var peer = context.Connection.RemoteIpAddress;
        if (options.MetricsAllowedNetworks.Allows(peer))
        {
            return true;
        }

        var now = Environment.TickCount64;
        var next = Interlocked.Read(ref _nextLogAt);
        if (now >= next && Interlocked.CompareExchange(ref _nextLogAt, now + LogEveryMilliseconds, next) == next)
        {
            LogScrapeRefused(logger, peer?.ToString() ?? "unknown", options.MetricsAllowedNetworks.ToString());
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics scrape from {Peer} refused: not in Telemetry:MetricsAllowedNetworks ({Allowed}); further refusals within a minute are not logged")]
    private static partial void LogScrapeRefused(ILogger logger, string peer, string allowed);
}
