using Interchange.Core.Storage;
using Interchange.Identity.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interchange.Storage.Tests;

/// <summary>The stores as the services open them (<see cref="StoreServiceCollectionExtensions.UseStore"/>), for one test.</summary>
internal static class Stores
{
    public static StoreConnection Sqlite(StoreDefinition store, string file) =>
        // Unpooled, so a test's temporary folder can be deleted when it ends.
        new(store, StorageProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString);

    public static StoreConnection Postgres(StoreDefinition store, string connectionString) =>
        new(store, StorageProvider.Postgres, connectionString);

    public static CatalogDbContext Catalog(StoreConnection connection)
    {
        var options = new DbContextOptionsBuilder<CatalogDbContext>();
        options.UseStore(connection);
        return new CatalogDbContext(options.Options);
    }

    public static IdentityDbContext Identity(StoreConnection connection)
    {
        var options = new DbContextOptionsBuilder<IdentityDbContext>();
        options.UseIdentityStore(connection);
        return new IdentityDbContext(options.Options);
    }

    public static async Task MigrateCatalogAsync(StoreConnection connection)
    {
        await using var db = Catalog(connection);
        await StoreMigrator.MigrateAsync(db, StoreDefinition.Catalog, NullLogger.Instance);
    }

    public static async Task MigrateIdentityAsync(StoreConnection connection)
    {
        await using var db = Identity(connection);
        await StoreMigrator.MigrateAsync(db, IdentityStore.Definition, NullLogger.Instance);
    }
}

/// <summary>A temporary folder for SQLite files, deleted with its contents on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("interchange-storage-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Still held by a closing connection; the OS cleans temporary folders.
        }
    }
}
