using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Interchange.Core.Storage;

/// <summary>
/// Brings a store's schema up to date with its migrations: at every start, and by the services' <c>migrate</c> command.
/// </summary>
/// <remarks>
/// <para><b>Stores made before migrations.</b> Until migrations existed the stores were made by <c>EnsureCreated</c>:
/// all the initial migration's tables, and no <c>__EFMigrationsHistory</c>. Their schema is exactly the initial
/// migration's (both come from the same model), so such a store is adopted: the initial migration is recorded as
/// applied, later migrations run as usual, and no row is touched. A store with only some of those tables and no
/// history was not made by Interchange; it is refused, naming what is missing, and nothing is changed.</para>
/// <para><b>Several processes at once.</b> EF Core 10 takes a lock of its own inside <c>Migrate</c> (Npgsql:
/// <c>LOCK TABLE "__EFMigrationsHistory" IN ACCESS EXCLUSIVE MODE</c> in the migration transaction; SQLite: the
/// <c>__EFMigrationsLock</c> table), but the adoption check above and the creation of a missing database run
/// before it. So on PostgreSQL a migrating process first takes a session advisory lock for the store, held around
/// all of it: processes starting together against one database migrate one after another, and the later ones
/// find nothing to do. On SQLite one process owns a store file, and EF Core's lock suffices.</para>
/// </remarks>
public static partial class StoreMigrator
{
    /// <summary>How long a process waits for another one's migration of the same store.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);

    public static async Task MigrateAsync(DbContext db, StoreDefinition store, ILogger logger, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsNpgsql())
        {
            CreateSqliteFolder(db.Database.GetConnectionString());
            await MigrateLockedAsync(db, store, logger, cancellationToken);
            return;
        }

        await EnsurePostgresDatabaseAsync(db, logger, cancellationToken);
        await using var migrationLock = await PostgresAdvisoryLock.AcquireAsync(
            db.Database.GetConnectionString()!, $"interchange:migrate:{store.Schema}", store, cancellationToken);
        await MigrateLockedAsync(db, store, logger, cancellationToken);
    }

    private static async Task MigrateLockedAsync(DbContext db, StoreDefinition store, ILogger logger, CancellationToken cancellationToken)
    {
        if (!await AdoptIfMadeBeforeMigrationsAsync(db, store, logger, cancellationToken))
        {
            // What Migrate does first, done here so that nothing (EF Core's own checks included) queries a missing
            // history table, which the PostgreSQL provider would log as a failed command.
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (pending.Count > 0)
        {
            LogMigrated(logger, store.Name, db.Database.ProviderName, string.Join(", ", pending));
        }
    }

    /// <summary>Records the initial migration of a store made before migrations; whether the store has a migration history now.</summary>
    private static async Task<bool> AdoptIfMadeBeforeMigrationsAsync(DbContext db, StoreDefinition store, ILogger logger, CancellationToken cancellationToken)
    {
        // Asked of the database (sqlite_master, information_schema): Npgsql's IHistoryRepository.Exists answers true even without one.
        var schema = db.Database.IsNpgsql() ? store.Schema : null;
        if (await TableExistsAsync(db, schema, HistoryRepository.DefaultTableName, cancellationToken))
        {
            return true;
        }

        var migrations = db.GetService<IMigrationsAssembly>();
        var initial = migrations.Migrations.OrderBy(m => m.Key, StringComparer.Ordinal).FirstOrDefault();
        if (initial.Value is null)
        {
            return false;
        }

        var model = migrations.CreateMigration(initial.Value, db.Database.ProviderName!).TargetModel
            ?? throw new InvalidOperationException($"Migration {initial.Key} of the {store.Name} store has no target model.");
        var tables = model.GetEntityTypes()
            .Select(e => (Schema: e.GetSchema(), Name: e.GetTableName()))
            .Where(t => t.Name is not null)
            .Distinct()
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var present = new List<string>();
        foreach (var (tableSchema, name) in tables)
        {
            if (await TableExistsAsync(db, tableSchema, name!, cancellationToken))
            {
                present.Add(name!);
            }
        }

        if (present.Count == 0)
        {
            return false;
        }

        if (present.Count < tables.Count)
        {
            var missing = tables.Select(t => t.Name!).Except(present, StringComparer.Ordinal);
            throw new InvalidOperationException(
                $"The {store.Name} store has some of its tables ({string.Join(", ", present)}) but not {string.Join(", ", missing)}, " +
                "and no migration history: it was not made by Interchange. Nothing was changed; point the service at its own database or file.");
        }

        // Both or neither: a history table without the initial row would have the next start re-create the tables.
        var history = db.GetService<IHistoryRepository>();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(initial.Key, ProductVersion())), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        LogAdopted(logger, store.Name, initial.Key);
        return true;
    }

    private static async Task<bool> TableExistsAsync(DbContext db, string? schema, string table, CancellationToken cancellationToken)
    {
        var count = db.Database.IsNpgsql()
            ? await db.Database.SqlQuery<int>(
                $"SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = {schema ?? "public"} AND table_name = {table}")
                .SingleAsync(cancellationToken)
            : await db.Database.SqlQuery<int>(
                $"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {table}")
                .SingleAsync(cancellationToken);
        return count > 0;
    }

    /// <summary>Creates the database when the server has none of that name yet; another process may win the race.</summary>
    private static async Task EnsurePostgresDatabaseAsync(DbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var creator = (IRelationalDatabaseCreator)db.GetService<IDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken))
        {
            return;
        }

        try
        {
            await creator.CreateAsync(cancellationToken);
            LogCreatedDatabase(logger, new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).Database);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created by another process starting at the same moment.
        }
    }

    private static void CreateSqliteFolder(string? connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (file.Length > 0 && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }
    }

    private static string ProductVersion()
    {
        var version = typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrated the {Store} store ({Provider}): applied {Migrations}")]
    private static partial void LogMigrated(ILogger logger, string store, string? provider, string migrations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Store} store was made before migrations; its schema is that of {Migration}, now recorded as applied (no data changed)")]
    private static partial void LogAdopted(ILogger logger, string store, string migration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created PostgreSQL database {Database}")]
    private static partial void LogCreatedDatabase(ILogger logger, string? database);

    /// <summary>A session advisory lock on a connection of its own: held until disposed, released by the server if the process dies.</summary>
    private sealed class PostgresAdvisoryLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public static async Task<PostgresAdvisoryLock> AcquireAsync(string connectionString, string name, StoreDefinition store, CancellationToken cancellationToken)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
            var connection = new NpgsqlConnection(builder.ConnectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended(@name, 0))", connection)
                {
                    CommandTimeout = (int)LockTimeout.TotalSeconds,
                };
                command.Parameters.AddWithValue("name", name);
                await command.ExecuteNonQueryAsync(cancellationToken);
                return new PostgresAdvisoryLock(connection);
            }
            catch (NpgsqlException e) when (e.InnerException is TimeoutException)
            {
                await connection.DisposeAsync();
                throw new TimeoutException(
                    $"Another process has been migrating the {store.Name} store for {LockTimeout.TotalMinutes:0} minutes; try again when it has finished.", e);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            // Closing the unpooled session releases its advisory locks.
            await connection.DisposeAsync();
        }
    }
}
