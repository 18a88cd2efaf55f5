using Serilog.Core;
using Serilog.Events;

namespace Interchange.ServiceDefaults.Telemetry;

/// <summary>
/// The last enricher of every service's logger: properties that ASP.NET Core and HttpClient attach on their own and
/// that may hold personal values or credentials are blanked, whatever a sink or a level override lets through.
/// Request paths name records (<c>/data/household-registration/records/4403…</c>) and query strings hold search
/// values, so neither is ever written; the request id, route and dataset say which request it was.
/// </summary>
internal sealed class SensitiveLogProperties : ILogEventEnricher
{
    public const string Redacted = "[redacted]";

    /// <summary>Always blanked: ASP.NET Core's request scope and request/response logging properties.</summary>
    private static readonly string[] Always =
    [
        "RequestPath", "QueryString", "Query", "Authorization", "Cookie", "Set-Cookie", "Uri", "Url", "RequestUri", "HttpRequest",
    ];

    /// <summary>Blanked in framework events only, where they hold a request's path; the services use <c>Path</c> for file paths.</summary>
    private static readonly string[] InFrameworkEvents = ["Path", "PathBase"];

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var name in Always)
        {
            Blank(logEvent, propertyFactory, name);
        }

        if (logEvent.Properties.TryGetValue(Constants.SourceContextPropertyName, out var source)
            && source is ScalarValue { Value: string context }
            && (context.StartsWith("Microsoft.", StringComparison.Ordinal) || context.StartsWith("System.", StringComparison.Ordinal)
                || context.StartsWith("Yarp.", StringComparison.Ordinal)))
        {
            foreach (var name in InFrameworkEvents)
            {
                Blank(logEvent, propertyFactory, name);
            }
        }
    }

    private static void Blank(LogEvent logEvent, ILogEventPropertyFactory propertyFactory, string name)
    {
        if (logEvent.Properties.ContainsKey(name))
        {
            logEvent.AddOrUpdateProperty(propertyFactory.CreateProperty(name, Redacted));
        }
    }
}
