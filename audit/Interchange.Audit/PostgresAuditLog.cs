using Interchange.Audit.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interchange.Audit;

/// <summary>
/// The audit log on PostgreSQL, with group commit (<see cref="GroupCommitAuditLog"/>): one writer thread per
/// process, one transaction per batch, positions assigned under an advisory lock that every writer of the database
/// takes, so the gateways and the catalogue append to one gap-free log in one order. An append completes only
/// after its batch's <c>COMMIT</c> has returned with <c>synchronous_commit</c> on.
/// </summary>
public sealed class PostgresAuditLog : GroupCommitAuditLog
{
    /// <summary>Connects with <see cref="AuditOptions.ConnectionString"/> and creates or migrates the schema <c>audit</c>.</summary>
    /// <exception cref="AuditUnavailableException">The server cannot be reached or the schema cannot be created.</exception>
    public PostgresAuditLog(IOptions<AuditOptions> options, ILogger<PostgresAuditLog> logger)
        : base(OpenStore(options), ownsStore: true, logger)
    {
    }

    /// <summary>A log over a store shared with the process's reader and tree (the service container's).</summary>
    internal PostgresAuditLog(PostgresAuditStore store, ILogger<PostgresAuditLog> logger)
        : base(store, ownsStore: false, logger)
    {
    }

    private static PostgresAuditStore OpenStore(IOptions<AuditOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = new PostgresAuditStore(options.Value);
        try
        {
            store.EnsureCreated();
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }
}
