using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Interchange.ServiceDefaults.Telemetry;

public static class InterchangeTelemetry
{
    /// <summary>
    /// OpenTelemetry for one service: traces of ASP.NET Core and HttpClient (W3C trace context flows on every hop),
    /// metrics of ASP.NET Core, HttpClient and the runtime, the Prometheus scrape endpoint <c>/metrics</c> for
    /// <see cref="TelemetryOptions.MetricsAllowedNetworks"/>, and OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// is set. Every request's log events carry its request id (and agency, dataset where a service knows them).
    /// Each <see cref="WebApplication"/> gets providers of its own, so several services can share one process.
    /// </summary>
    public static WebApplicationBuilder AddInterchangeTelemetry(this WebApplicationBuilder builder, string service)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(TelemetryOptions)))
        {
            return builder;
        }

        var options = TelemetryOptions.From(builder.Configuration);
        services.AddSingleton(options);
        services.AddSingleton<RequestLogContext>();
        services.AddTransient<IStartupFilter, MetricsEndpoint>();
        services.AddSingleton<OwnSpans>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("interchange-" + service, serviceNamespace: "interchange"));
        if (options.OtlpEndpoint is not null)
        {
            // Spans are recorded only when there is somewhere to send them: recording costs the data plane CPU. Without
            // it, ASP.NET Core still starts an activity per request (logging is on), so trace context still flows to
            // sources and the catalogue's calls, and log events still carry @tr/@sp.
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !IsOperational(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddProcessor(new SpanRedaction())
                .AddProcessor(provider => provider.GetRequiredService<OwnSpans>().Hide)
                .AddOtlpExporter()
                .AddProcessor(provider => provider.GetRequiredService<OwnSpans>().Restore));
        }

        telemetry
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    // No cached scrape: every scrape (and every test) sees what happened up to that moment.
                    .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                if (options.OtlpEndpoint is not null)
                {
                    metrics.AddOtlpExporter();
                }
            });
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            // Meters made by another service's container in the same process (standalone) are that service's.
            var own = provider.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument => instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, own)
                ? null
                : MetricStreamConfiguration.Drop);
        });
        return builder;
    }

    /// <summary>Adds a service's own <see cref="System.Diagnostics.Metrics.Meter"/> (by name) to its metrics.</summary>
    public static WebApplicationBuilder AddInterchangeMeter(this WebApplicationBuilder builder, string meterName)
    {
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(meterName));
        return builder;
    }

    /// <summary>Scrapes and health probes are not worth a trace each.</summary>
    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments(TelemetryOptions.MetricsPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
