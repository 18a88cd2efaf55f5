using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interchange.Audit.Storage;

/// <summary>
/// The log in one SQLite file (WAL, <c>synchronous=FULL</c>). Readers open their own read-only connections, so
/// they see what any writer in any process has committed and never block it; writers are ordered by SQLite's
/// write lock.
/// </summary>
internal sealed class SqliteAuditStore(AuditOptions options) : AuditStore(options)
{
    public override string Location { get; } = AuditSchema.FullPath(options);

    public override void EnsureCreated()
    {
        try
        {
            AuditSchema.EnsureCreated(Options);
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new AuditUnavailableException($"The audit database '{Location}' cannot be opened.", exception);
        }
    }

    public override ValueTask<AuditReadSession> BeginReadAsync(bool snapshot, CancellationToken cancellationToken)
    {
        var connection = AuditSchema.Open(Options, SqliteOpenMode.ReadOnly, pooling: true);
        try
        {
            // Deferred: a read-only connection cannot take the write lock, and a read transaction needs none.
            var transaction = snapshot ? connection.BeginTransaction(deferred: true) : null;
            return ValueTask.FromResult(new AuditReadSession(connection, transaction));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override IAuditWriter OpenWriter() => new SqliteAuditWriter(Options, Location);

    // Connections are opened per read and per writer; nothing is held between them.
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public override async Task<HealthCheckResult> CheckWritableAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Location))
        {
            return HealthCheckResult.Unhealthy("The audit log file is missing.");
        }

        try
        {
            var probe = new AuditOptions { DatabasePath = Options.DatabasePath, BusyTimeout = TimeSpan.FromSeconds(1) };
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
