using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interchange.ServiceDefaults.Tokens;

/// <summary>Ready only with the identity server's signing keys in hand: without them no token can be checked.</summary>
public sealed class SigningKeyHealthCheck(SigningKeyCache keys) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (keys.Keys.Count == 0)
        {
            await keys.RefreshAsync(cancellationToken);
        }

        return keys.Keys.Count > 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("No signing keys could be fetched from the identity server.");
    }
}
