using Interchange.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interchange.Audit.Storage;

/// <summary>
/// Where the log's two tables live: SQLite (<see cref="SqliteAuditStore"/>, the embedded default) or PostgreSQL
/// (<see cref="PostgresAuditStore"/>). The group commit (<see cref="GroupCommitAuditLog"/>), the auditors' queries
/// (<see cref="AuditReader"/>) and the proofs (<see cref="Proofs.AuditTree"/>) are written once against it: a store
/// hands out read sessions on which the shared SQL runs, and the one writer connection that commits batches.
/// </summary>
internal abstract class AuditStore(AuditOptions options) : IAsyncDisposable, IDisposable
{
    /// <summary>The options the store was made with: its location, lock timeout and the writer's batching.</summary>
    public AuditOptions Options { get; } = options;

    /// <summary>For messages and logs: the SQLite file's path or the PostgreSQL server and database, never a password.</summary>
    public abstract string Location { get; }

    /// <summary>
    /// A store for the options' provider. Nothing is opened yet: <see cref="EnsureCreated"/> creates the schema,
    /// which a health check must not do (a vanished SQLite file is never recreated behind the log's back).
    /// </summary>
    public static AuditStore Create(AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider == StorageProvider.Postgres ? new PostgresAuditStore(options) : new SqliteAuditStore(options);
    }

    /// <summary>Like <see cref="Create"/>, with the schema created or upgraded; the store is disposed if that fails.</summary>
    /// <exception cref="AuditUnavailableException">The database cannot be opened or its schema created.</exception>
    public static AuditStore Open(AuditOptions options)
    {
        var store = Create(options);
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

    /// <summary>Creates the tables if missing and upgrades older ones. Idempotent, and safe when several processes start at once.</summary>
    /// <exception cref="AuditUnavailableException">The database cannot be opened or its schema created.</exception>
    public abstract void EnsureCreated();

    /// <summary>
    /// A connection for the shared read SQL (parameters written <c>@name</c>, tables unqualified). With
    /// <paramref name="snapshot"/>, its statements run in one read transaction and so see one snapshot.
    /// </summary>
    public abstract ValueTask<AuditReadSession> BeginReadAsync(bool snapshot, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the writer's connection. Called by the log's one writer thread, which owns the result and replaces it
    /// after a failed batch.
    /// </summary>
    public abstract IAuditWriter OpenWriter();

    /// <summary>Refuses (<see cref="ArgumentException"/>) a record this store cannot hold, so it fails alone rather than its whole batch.</summary>
    public virtual void Validate(AuditRecord record)
    {
    }

    /// <summary>A read or the writer failed: connections kept for reuse may be broken too (e.g. the server restarted).</summary>
    public virtual void ConnectionFailed()
    {
    }

    /// <summary>Healthy when an append could be written now: the database is there, writable, and its append lock can be taken.</summary>
    public abstract Task<HealthCheckResult> CheckWritableAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
