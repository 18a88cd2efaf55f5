using Interchange.Audit.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Interchange.Audit;

/// <summary>
/// Ready only when the audit log can be written: on SQLite the file is there and its write lock can be taken (and
/// given back at once); on PostgreSQL the server answers, the session may insert into the audit tables, and the
/// append lock can be taken. A service whose log cannot take records must not receive traffic.
/// </summary>
public sealed class AuditLogHealthCheck : IHealthCheck
{
    private readonly AuditStore? _store;
    private readonly AuditOptions? _options;

    /// <summary>A check with a store of its own per run (nothing is created: a missing SQLite file stays missing).</summary>
    public AuditLogHealthCheck(IOptions<AuditOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    /// <summary>A check on the service container's store (<see cref="AuditServiceCollectionExtensions.AddAuditLog"/> registers it).</summary>
    internal AuditLogHealthCheck(AuditStore store) => _store = store;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_store is not null)
        {
            return await _store.CheckWritableAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var store = AuditStore.Create(_options!);
        return await store.CheckWritableAsync(cancellationToken).ConfigureAwait(false);
    }
}
