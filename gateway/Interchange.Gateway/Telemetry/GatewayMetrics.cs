using System.Diagnostics.Metrics;

namespace Interchange.Gateway.Telemetry;

/// <summary>
/// The gateway's business metrics, meter <c>Interchange.Gateway</c>. Tag values are bounded: dataset ids come from
/// the catalogue's routes and agency ids from tokens the identity server signed, never from what a caller typed;
/// otherwise they are <see cref="Unknown"/> or <see cref="Anonymous"/>.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Interchange.Gateway";

    public const string DatasetTag = "interchange.dataset";
    public const string AgencyTag = "interchange.agency";
    public const string DecisionTag = "interchange.decision";
    public const string StatusTag = "http.response.status_code";
    public const string AuditKindTag = "interchange.audit.kind";
    public const string AuditOutcomeTag = "interchange.audit.outcome";

    public const string Unknown = "unknown";
    public const string Anonymous = "anonymous";
    public const string Allowed = "allowed";
    public const string Denied = "denied";

    /// <summary>Seconds; the same boundaries ASP.NET Core uses for <c>http.server.request.duration</c>.</summary>
    private static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10];

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        Requests = meter.CreateCounter<long>(
            "interchange.gateway.requests", "{request}",
            "Data-plane requests answered, by dataset, agency, decision (allowed/denied) and HTTP status.");
        Duration = meter.CreateHistogram(
            "interchange.gateway.request.duration", "s",
            "Time from the data-plane request's arrival to the end of its answer, by dataset, agency, decision and status.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        AuditAppends = meter.CreateCounter<long>(
            "interchange.audit.appends", "{record}",
            "Audit records the gateway appended (outcome durable) or could not append (outcome failed), by kind and decision.");
        AuditAppendDuration = meter.CreateHistogram(
            "interchange.audit.append.duration", "s",
            "Time an answer waited for its audit record to be durable (group commit).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    public Counter<long> Requests { get; }

    public Histogram<double> Duration { get; }

    public Counter<long> AuditAppends { get; }

    public Histogram<double> AuditAppendDuration { get; }
}
