using Interchange.Audit.Storage;
using Interchange.Core.Storage;
using Interchange.Testing.Servers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Interchange.Audit.Tests.Stores;

/// <summary>The log in a PostgreSQL database of its own (<see cref="PostgresDatabase"/>), dropped on dispose.</summary>
internal sealed class PostgresTestStore : TestStore
{
    private PostgresTestStore(PostgresDatabase database) => Database = database;

    public PostgresDatabase Database { get; }

    public override AuditStoreKind Kind => AuditStoreKind.Postgres;

    public static async Task<PostgresTestStore> CreateAsync() => new(await PostgresDatabase.CreateAsync());

    public override AuditOptions CreateOptions(int maxBatch = 1024) => CreateOptions(Database.ConnectionString, maxBatch);

    public static AuditOptions CreateOptions(string connectionString, int maxBatch = 1024) => new()
    {
        Provider = StorageProvider.Postgres,
        ConnectionString = connectionString,
        MaxBatch = maxBatch,
        BusyTimeout = TimeSpan.FromSeconds(1),
    };

    public override GroupCommitAuditLog OpenLog(int maxBatch = 1024, ILogger? logger = null) =>
        new PostgresAuditLog(Options.Create(CreateOptions(maxBatch)), logger is null ? NullLogger<PostgresAuditLog>.Instance : new Typed<PostgresAuditLog>(logger));

    public override GroupCommitAuditLog OpenLog(Action<AuditOptions> configure)
    {
        var options = CreateOptions();
        configure(options);
        return new PostgresAuditLog(Options.Create(options), NullLogger<PostgresAuditLog>.Instance);
    }

    public override async Task<List<byte[]>> StoredLeafHashesAsync()
    {
        await using var connection = await ConnectAsync();
        await using var command = new NpgsqlCommand("SELECT leaf_hash FROM audit.audit_records ORDER BY leaf_index", connection);
        await using var rows = await command.ExecuteReaderAsync();
        var hashes = new List<byte[]>();
        while (await rows.ReadAsync())
        {
            hashes.Add(rows.GetFieldValue<byte[]>(0));
        }

        return hashes;
    }

    public override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await ConnectAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public override async Task<IAsyncDisposable> HoldAppendLockAsync()
    {
        var connection = await ConnectAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PostgresAuditSchema.AppendLockKey})", connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new Held(connection, transaction);
    }

    /// <summary>A plain connection to the test database, outside any pool, with the audit schema on the search path.</summary>
    public async Task<NpgsqlConnection> ConnectAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Database.ConnectionString)
        {
            Pooling = false,
            SearchPath = "audit",
        }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public override ValueTask DisposeAsync() => Database.DisposeAsync();

    private sealed class Held(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
