using System.Globalization;
using Interchange.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace Interchange.ServiceDefaults.Hosting;

public static class InterchangeLogging
{
    /// <summary><c>Logging:Format</c>: <c>text</c> (the default) or <c>json</c>.</summary>
    public const string FormatKey = "Logging:Format";

    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Service}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Serilog with framework categories at Warning (the hot path must not pay for Information logs);
    /// the service's own categories at Information. Configuration under <c>Serilog</c> can override.
    /// <c>Logging:Format=json</c> writes one compact JSON object per line to standard output (Serilog's rendered
    /// compact format: <c>@t</c>, <c>@m</c>, <c>@l</c>, <c>@x</c>, <c>@tr</c>/<c>@sp</c> and the properties, e.g.
    /// <c>Service</c>, <c>RequestId</c>, <c>Agency</c>, <c>Dataset</c>). Request paths, query strings and
    /// credentials that the framework attaches to events are blanked in every format.
    /// </summary>
    public static WebApplicationBuilder AddInterchangeLogging(this WebApplicationBuilder builder, string service)
    {
        var json = IsJson(builder.Configuration[FormatKey]);
        builder.Services.AddSerilog((services, logger) =>
            {
                logger
                    .MinimumLevel.Information()
                    .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                    .MinimumLevel.Override("System", LogEventLevel.Warning)
                    .MinimumLevel.Override("Yarp", LogEventLevel.Warning)
                    .MinimumLevel.Override("OpenIddict", LogEventLevel.Warning)
                    .ReadFrom.Configuration(builder.Configuration)
                    .Enrich.FromLogContext()
                    .Enrich.WithProperty("Service", service)
                    .Enrich.With(new SensitiveLogProperties());
                var output = services.GetService<LogOutput>()?.Writer;
                ITextFormatter formatter = json ? new RenderedCompactJsonFormatter() : new MessageTemplateTextFormatter(TextTemplate, CultureInfo.InvariantCulture);
                _ = output is not null ? logger.WriteTo.Sink(new TextWriterSink(output, formatter))
                    : json ? logger.WriteTo.Console(formatter)
                    : logger.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: CultureInfo.InvariantCulture);
            },
            // Several services may share one process (the standalone host): each keeps a logger of its own.
            preserveStaticLogger: true);
        return builder;
    }

    private static bool IsJson(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "text" => false,
        "json" => true,
        _ => throw new InvalidOperationException($"{FormatKey}: '{format}' is not a log format; use 'text' or 'json'."),
    };
}
