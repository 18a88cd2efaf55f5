using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Interchange.Audit;

/// <summary>
/// Ready only when the audit log can be written: the file is there and its write lock can be taken
/// (and given back at once). A service whose log cannot take records must not receive traffic.
/// </summary>
public sealed class AuditLogHealthCheck(IOptions<AuditOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var path = Path.GetFullPath(options.Value.DatabasePath);
        if (!File.Exists(path))
        {
            return HealthCheckResult.Unhealthy("The audit log file is missing.");
        }

        try
        {
            var probe = new AuditOptions { DatabasePath = options.Value.DatabasePath, BusyTimeout = TimeSpan.FromSeconds(1) };
            await using var connection = AuditSchema.Open(probe, SqliteOpenMode.ReadWrite, pooling: false);
            // BEGIN IMMEDIATE takes the write lock, as an append would; rolling back releases it untouched.
            using var transaction = connection.BeginTransaction(deferred: false);
            transaction.Rollback();
            return HealthCheckResult.Healthy();
        }
        catch (SqliteException e)
        {
            return HealthCheckResult.Unhealthy("The audit log cannot be written: " + e.SqliteErrorCode);
        }
    }
}
