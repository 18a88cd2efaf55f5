using System.Data.Common;
using Interchange.Audit.Proofs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interchange.Audit.Tests.Stores;

/// <summary>
/// A fresh, empty log store for one test — a SQLite file in a temporary directory or a PostgreSQL database of its
/// own — so one test body runs against either. Removed on dispose.
/// </summary>
internal abstract class TestStore : IAsyncDisposable
{
    public abstract AuditStoreKind Kind { get; }

    public static async Task<TestStore> CreateAsync(AuditStoreKind kind) => kind switch
    {
        AuditStoreKind.Sqlite => new SqliteTestStore(),
        AuditStoreKind.Postgres => await PostgresTestStore.CreateAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Options for the store, with a one-second lock timeout so a held lock shows quickly.</summary>
    public abstract AuditOptions CreateOptions(int maxBatch = 1024);

    /// <summary>A log with a store of its own, as a process of its own would have.</summary>
    public abstract GroupCommitAuditLog OpenLog(int maxBatch = 1024, ILogger? logger = null);

    /// <summary>A log of its own with options changed from <see cref="CreateOptions"/> (e.g. how it indexes subjects).</summary>
    public abstract GroupCommitAuditLog OpenLog(Action<AuditOptions> configure);

    public AuditReader OpenReader() => new(Options.Create(CreateOptions()));

    public AuditTree OpenTree() => new(Options.Create(CreateOptions()));

    public AuditLogHealthCheck OpenHealthCheck() => new(Options.Create(CreateOptions()));

    /// <summary>Every stored leaf hash, in leaf index order, read with a plain connection.</summary>
    public abstract Task<List<byte[]>> StoredLeafHashesAsync();

    /// <summary>Runs SQL on a plain connection of the store's own client, as someone with access to the database would.</summary>
    /// <exception cref="DbException">The database refused it.</exception>
    public abstract Task<object?> ScalarAsync(string sql);

    /// <summary>Takes the lock every append needs (SQLite's write lock, PostgreSQL's append lock) until disposed.</summary>
    public abstract Task<IAsyncDisposable> HoldAppendLockAsync();

    public abstract ValueTask DisposeAsync();

    /// <summary>Forwards to a logger that is not typed for the log's class.</summary>
    protected sealed class Typed<T>(ILogger inner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
