using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Interchange.Audit.Storage;

/// <summary>
/// The log on a PostgreSQL server (<see cref="PostgresAuditSchema"/>), through one <see cref="NpgsqlDataSource"/>
/// (a connection pool) per store. Writers in every process serialise on a transaction-scoped advisory lock, so
/// any number of gateways and the catalogue append to one gap-free log; readers read in REPEATABLE READ, so a
/// count and its page come from one snapshot.
/// </summary>
internal sealed class PostgresAuditStore : AuditStore
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresAuditStore(AuditOptions options)
        : base(options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("The audit log is on PostgreSQL but has no connection string.", nameof(options));
        }

        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            // The shared SQL names the tables unqualified; they are the schema's alone.
            SearchPath = PostgresAuditSchema.Schema,
        };
        Location = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public override string Location { get; }

    public override void EnsureCreated()
    {
        try
        {
            PostgresAuditSchema.EnsureCreated(_dataSource);
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or TimeoutException or IOException)
        {
            ConnectionFailed();
            throw new AuditUnavailableException($"The audit database '{Location}' cannot be opened.", exception);
        }
    }

    /// <summary>
    /// A read-only transaction (REPEATABLE READ for a snapshot, else READ COMMITTED), begun at once. Beginning it
    /// tests the pooled connection: one the server dropped (it restarted) is discarded with the rest of the pool and
    /// the read goes to a fresh connection, instead of failing once per stale connection.
    /// </summary>
    public override async ValueTask<AuditReadSession> BeginReadAsync(bool snapshot, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var isolation = snapshot ? IsolationLevel.RepeatableRead : IsolationLevel.ReadCommitted;
                var transaction = await connection.BeginTransactionAsync(isolation, cancellationToken).ConfigureAwait(false);
                await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection))
                {
                    await readOnly.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return new AuditReadSession(connection, transaction);
            }
            catch (Exception exception) when (attempt == 0 && IsConnectionLost(exception))
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                ConnectionFailed();
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    public override IAuditWriter OpenWriter() => new PostgresAuditWriter(_dataSource, Options);

    /// <summary>
    /// PostgreSQL cannot store U+0000 in <c>text</c>: such a record would fail the statement, and with it every
    /// record batched beside it. It is refused on its own instead.
    /// </summary>
    public override void Validate(AuditRecord record)
    {
        if (HasNul(record.Kind) || HasNul(record.RequestId) || HasNul(record.Agency) || HasNul(record.Dataset) ||
            HasNul(record.Purpose) || HasNul(record.Case) || HasNul(record.Problem) || HasNul(record.Rule) || HasNul(record.Detail))
        {
            throw new ArgumentException("An audit record on PostgreSQL cannot hold U+0000 in its text.", nameof(record));
        }
    }

    /// <summary>
    /// Idle pooled connections do not notice a restarted server until used; dropping them lets the next read or
    /// batch connect afresh instead of failing once per stale connection.
    /// </summary>
    public override void ConnectionFailed() => _dataSource.Clear();

    public override async Task<HealthCheckResult> CheckWritableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // As an append would: take the append lock (waiting at most a second), in a session that may write the tables.
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("SET LOCAL lock_timeout = '1s'"),
                    new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({PostgresAuditSchema.AppendLockKey})"),
                    new NpgsqlBatchCommand(
                        "SELECT current_setting('transaction_read_only') = 'off' " +
                        "AND has_table_privilege('audit_records', 'INSERT') AND has_table_privilege('audit_subjects', 'INSERT') " +
                        "AND has_table_privilege('audit_subject_index', 'UPDATE')"),
                },
            };
            var writable = false;
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                do
                {
                    if (reader.FieldCount == 1 && reader.GetFieldType(0) == typeof(bool) && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        writable = reader.GetBoolean(0);
                    }
                }
                while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
            }

            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return writable
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The audit log cannot be written: the session is read-only or may not insert into the audit tables.");
        }
        catch (Exception e) when (e is DbException or TimeoutException or IOException)
        {
            ConnectionFailed();
            var reason = e is PostgresException postgres ? postgres.SqlState : "the server cannot be reached";
            return HealthCheckResult.Unhealthy("The audit log cannot be written: " + reason);
        }
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>A connection the server has closed: reset or ended (it restarted), or ended by its administrator.</summary>
    internal static bool IsConnectionLost(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown,
        NpgsqlException npgsql => npgsql.InnerException is IOException or System.Net.Sockets.SocketException,
        _ => false,
    };

    private static bool HasNul(string? text) => text is not null && text.Contains('\0', StringComparison.Ordinal);
}
