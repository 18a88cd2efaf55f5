using Interchange.Audit;

namespace Interchange.Gateway.Telemetry;

/// <summary>Counts and times the gateway's audit appends, around whichever <see cref="IAuditLog"/> is registered.</summary>
internal sealed class MeteredAuditLog(IAuditLog inner, GatewayMetrics metrics, TimeProvider time) : IAuditLog
{
    public async ValueTask<long> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        var outcome = "failed";
        try
        {
            var index = await inner.AppendAsync(record, cancellationToken);
            outcome = "durable";
            return index;
        }
        finally
        {
            var tags = new System.Diagnostics.TagList
            {
                { GatewayMetrics.AuditKindTag, record.Kind },
                { GatewayMetrics.DecisionTag, record.Decision == AuditDecision.Allowed ? GatewayMetrics.Allowed : GatewayMetrics.Denied },
                { GatewayMetrics.AuditOutcomeTag, outcome },
            };
            metrics.AuditAppends.Add(1, tags);
            metrics.AuditAppendDuration.Record(time.GetElapsedTime(started).TotalSeconds, tags);
        }
    }
}
