using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interchange.ServiceDefaults.Caching;

/// <summary>
/// Redis answers a PING in time. Registered as Degraded, not Unhealthy: without Redis the service still decides
/// correctly from its stores, only slower and with per-instance limits.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (answered, _) = await redis.TryAsync(db => db.PingAsync(), evenWhenResting: true);
        return answered
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus,
                "Redis does not answer; caches and shared rate limits are bypassed and decisions come from the stores.");
    }
}
