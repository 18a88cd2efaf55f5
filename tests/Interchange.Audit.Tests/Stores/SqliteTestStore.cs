using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Interchange.Audit.Tests.Stores;

/// <summary>The log in a SQLite file of a <see cref="TempDatabase"/>.</summary>
internal sealed class SqliteTestStore : TestStore
{
    public TempDatabase Database { get; } = new();

    public override AuditStoreKind Kind => AuditStoreKind.Sqlite;

    public override AuditOptions CreateOptions(int maxBatch = 1024) => Database.CreateOptions(maxBatch);

    public override GroupCommitAuditLog OpenLog(int maxBatch = 1024, ILogger? logger = null) =>
        new SqliteAuditLog(Options.Create(CreateOptions(maxBatch)), logger is null ? NullLogger<SqliteAuditLog>.Instance : new Typed<SqliteAuditLog>(logger));

    public override GroupCommitAuditLog OpenLog(Action<AuditOptions> configure)
    {
        var options = CreateOptions();
        configure(options);
        return new SqliteAuditLog(Options.Create(options), NullLogger<SqliteAuditLog>.Instance);
    }

    public override Task<List<byte[]>> StoredLeafHashesAsync() => Task.FromResult(Proofs.StoredLog.StoredLeafHashes(Database));

    public override Task<object?> ScalarAsync(string sql)
    {
        using var connection = Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Task.FromResult(command.ExecuteScalar());
    }

    public override Task<IAsyncDisposable> HoldAppendLockAsync()
    {
        var connection = Database.Connect();
        // BEGIN IMMEDIATE: the write lock an append's transaction needs.
        var transaction = connection.BeginTransaction(deferred: false);
        return Task.FromResult<IAsyncDisposable>(new Held(connection, transaction));
    }

    public override ValueTask DisposeAsync()
    {
        Database.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Held(SqliteConnection connection, SqliteTransaction transaction) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            transaction.Dispose();
            connection.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
