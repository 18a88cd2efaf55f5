using System.Diagnostics;
using OpenTelemetry;

namespace Interchange.ServiceDefaults.Telemetry;

/// <summary>
/// Keeps record identifiers and search values out of exported spans: a server span's path becomes its route
/// (<c>/data/household-registration/{**path}</c>), a client span's URL keeps only scheme, host and port, and query
/// strings are dropped. Runs before any exporter sees the span.
/// </summary>
internal sealed class SpanRedaction : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        if (data.GetTagItem("url.query") is not null)
        {
            data.SetTag("url.query", null);
        }

        if (data.GetTagItem("url.path") is not null)
        {
            data.SetTag("url.path", data.GetTagItem("http.route") as string ?? SensitiveLogProperties.Redacted);
        }

        if (data.GetTagItem("url.full") is string full)
        {
            data.SetTag("url.full", Uri.TryCreate(full, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) + "/" : SensitiveLogProperties.Redacted);
        }
    }
}
