using Microsoft.Extensions.Configuration;

namespace Interchange.ServiceDefaults.Telemetry;

/// <summary>Configuration of traces and metrics, under <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The Prometheus scrape path every service answers on.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The standard OpenTelemetry variable (or configuration key) that turns the OTLP exporter on.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Who may scrape <see cref="MetricsPath"/>: CIDR networks or single addresses, compared with the connection's own
    /// peer address (never a forwarded header). Loopback only when not set; <c>none</c> turns the endpoint off.
    /// Metrics name agencies and datasets, so they are not for agencies' eyes.
    /// </summary>
    public required NetworkAllowList MetricsAllowedNetworks { get; init; }

    /// <summary>Where traces and metrics are pushed over OTLP; null: nothing is pushed.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>Reads the options; a network that does not parse stops the service with its value named.</summary>
    public static TelemetryOptions From(IConfiguration configuration)
    {
        var networks = configuration.GetSection(Section).GetSection(nameof(MetricsAllowedNetworks));
        var values = networks.Value is { } single ? [single] : networks.GetChildren().Select(c => c.Value ?? "").ToArray();
        var otlp = configuration[OtlpEndpointKey];
        if (!string.IsNullOrWhiteSpace(otlp) && !Uri.TryCreate(otlp, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException($"{OtlpEndpointKey}: '{otlp}' is not an absolute URL.");
        }

        return new TelemetryOptions
        {
            MetricsAllowedNetworks = NetworkAllowList.Parse($"{Section}:{nameof(MetricsAllowedNetworks)}", values),
            OtlpEndpoint = string.IsNullOrWhiteSpace(otlp) ? null : new Uri(otlp),
        };
    }
}
