using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Serilog;
using Serilog.Events;

namespace Interchange.ServiceDefaults.Hosting;

public static class InterchangeLogging
{
    /// <summary>
    /// Serilog with framework categories at Warning (the hot path must not pay for Information logs);
    /// the service's own categories at Information. Configuration under <c>Serilog</c> can override.
    /// </summary>
    public static WebApplicationBuilder AddInterchangeLogging(this WebApplicationBuilder builder, string service)
    {
        builder.Services.AddSerilog((_, logger) => logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .MinimumLevel.Override("Yarp", LogEventLevel.Warning)
            .MinimumLevel.Override("OpenIddict", LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Service", service)
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Service}: {Message:lj}{NewLine}{Exception}"),
            // Several services may share one process (the standalone host): each keeps a logger of its own.
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>Common Kestrel hardening: no Server header, bounded headers and bodies.</summary>
    public static WebApplicationBuilder AddInterchangeKestrel(this WebApplicationBuilder builder, long maxRequestBodySize = 1 * 1024 * 1024)
    {
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = maxRequestBodySize;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Limits.MaxRequestLineSize = 8 * 1024;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
        });
        return builder;
    }
}
