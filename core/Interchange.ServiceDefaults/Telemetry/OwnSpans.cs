using System.Diagnostics;
using OpenTelemetry;

namespace Interchange.ServiceDefaults.Telemetry;

/// <summary>
/// Keeps a service's exporter to the spans of that service when several services share a process (the standalone
/// host). Every tracer provider hears every <c>Microsoft.AspNetCore</c> and <c>System.Net.Http</c> activity of
/// the process, so around the exporter <see cref="Hide"/> takes the recorded flag off spans whose local root is a
/// request another service's server received, and <see cref="Restore"/> puts it back for the next provider. Both
/// run on the thread that stops the activity, one provider after another. Spans with no server root (background
/// work) cannot be told apart and stay with every provider.
/// </summary>
internal sealed class OwnSpans
{
    private const string ServerSourceName = "Microsoft.AspNetCore";
    private const string HiddenBy = "interchange.hidden-by";

    public OwnSpans(IServiceProvider services)
    {
        // ASP.NET Core registers one hosting ActivitySource per application container.
        var server = services.GetService(typeof(ActivitySource)) as ActivitySource;
        OwnServer = server is { Name: ServerSourceName } ? server : null;
        Hide = new HideProcessor(this);
        Restore = new RestoreProcessor(this);
    }

    public BaseProcessor<Activity> Hide { get; }

    public BaseProcessor<Activity> Restore { get; }

    private ActivitySource? OwnServer { get; }

    private bool IsOwn(Activity activity)
    {
        var root = activity;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        return OwnServer is null || root.Source.Name != ServerSourceName || ReferenceEquals(root.Source, OwnServer);
    }

    private sealed class HideProcessor(OwnSpans owner) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (data.Recorded && !owner.IsOwn(data))
            {
                data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
                data.SetCustomProperty(HiddenBy, owner);
            }
        }
    }

    private sealed class RestoreProcessor(OwnSpans owner) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (ReferenceEquals(data.GetCustomProperty(HiddenBy), owner))
            {
                data.SetCustomProperty(HiddenBy, null);
                data.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
            }
        }
    }
}
