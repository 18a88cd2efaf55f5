using Interchange.Audit.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interchange.Audit;

/// <summary>
/// The audit log on one SQLite file (WAL, <c>synchronous=FULL</c>), with group commit
/// (<see cref="GroupCommitAuditLog"/>). Several logs, in one process or several, may append to one file: SQLite's
/// write lock orders them. If the file disappears it is not recreated, which would silently restart the log at
/// leaf 0; the log stays unavailable until the file is restored.
/// </summary>
public sealed class SqliteAuditLog : GroupCommitAuditLog
{
    /// <summary>Opens (creating if missing) the file at <see cref="AuditOptions.DatabasePath"/>; the provider setting is not consulted.</summary>
    /// <exception cref="AuditUnavailableException">The file cannot be opened or its schema created.</exception>
    public SqliteAuditLog(IOptions<AuditOptions> options, ILogger<SqliteAuditLog> logger)
        : base(OpenStore(options), ownsStore: true, logger)
    {
    }

    /// <summary>A log over a store shared with the process's reader and tree (the service container's).</summary>
    internal SqliteAuditLog(SqliteAuditStore store, ILogger<SqliteAuditLog> logger)
        : base(store, ownsStore: false, logger)
    {
    }

    private static SqliteAuditStore OpenStore(IOptions<AuditOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = new SqliteAuditStore(options.Value);
        store.EnsureCreated();
        return store;
    }
}
