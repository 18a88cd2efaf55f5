using Interchange.Catalog.Storage;
using Interchange.Core.Storage;
using Interchange.Identity.Clients;
using Interchange.Identity.Storage;
using Interchange.Testing.Servers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Interchange.Storage.Tests;

public sealed class MigrationTests
{
    private static readonly string[] CatalogTables = ["__EFMigrationsHistory", "access_requests", "agencies", "datasets", "grants"];

    /// <summary>On SQLite the catalogue also has its text index: the FTS5 table, its shadow tables, and its keys.</summary>
    private static readonly string[] SqliteCatalogTables =
    [
        "__EFMigrationsHistory", "access_requests", "agencies", "dataset_search", "dataset_search_config", "dataset_search_data",
        "dataset_search_idx", "dataset_search_keys", "datasets", "grants",
    ];

    private static readonly string[] IdentityTables =
        ["OpenIddictApplications", "OpenIddictAuthorizations", "OpenIddictScopes", "OpenIddictTokens", "__EFMigrationsHistory", "agencies"];

    [PostgresFact]
    public async Task Migrate_FreshPostgresDatabase_CreatesTheCatalogAndIdentitySchemas()
    {
        await using var database = await PostgresDatabase.CreateAsync();

        await Stores.MigrateCatalogAsync(Stores.Postgres(StoreDefinition.Catalog, database.ConnectionString));
        await Stores.MigrateIdentityAsync(Stores.Postgres(IdentityStore.Definition, database.ConnectionString));

        Assert.Equal(CatalogTables, await TablesAsync(database.ConnectionString, "catalog"));
        Assert.Equal(IdentityTables, await TablesAsync(database.ConnectionString, "identity"));
        Assert.Empty(await TablesAsync(database.ConnectionString, "public"));
        await AssertUpToDateAsync(Stores.Catalog(Stores.Postgres(StoreDefinition.Catalog, database.ConnectionString)));
        await AssertUpToDateAsync(Stores.Identity(Stores.Postgres(IdentityStore.Definition, database.ConnectionString)));
    }

    [PostgresFact]
    public async Task Migrate_SeveralProcessesAtOnceThenAgain_IsHarmless()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var catalog = Stores.Postgres(StoreDefinition.Catalog, database.ConnectionString);
        var identity = Stores.Postgres(IdentityStore.Definition, database.ConnectionString);

        await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[]
        {
            Task.Run(() => Stores.MigrateCatalogAsync(catalog)),
            Task.Run(() => Stores.MigrateIdentityAsync(identity)),
        }));
        await Stores.MigrateCatalogAsync(catalog);
        await Stores.MigrateIdentityAsync(identity);

        await using (var db = Stores.Catalog(catalog))
        {
            Assert.Equal(db.Database.GetMigrations().Count(), await ScalarAsync(database.ConnectionString, """SELECT COUNT(*)::int FROM catalog."__EFMigrationsHistory" """));
        }

        Assert.Equal(1, await ScalarAsync(database.ConnectionString, """SELECT COUNT(*)::int FROM identity."__EFMigrationsHistory" """));
        await AssertUpToDateAsync(Stores.Catalog(catalog));
        await AssertUpToDateAsync(Stores.Identity(identity));
    }

    [PostgresFact]
    public async Task Migrate_DatabaseNotCreatedYet_CreatesItOnceWhoeverStartsFirst()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var missing = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = database.Name + "_new" }.ConnectionString;
        try
        {
            await Task.WhenAll(
                Task.Run(() => Stores.MigrateCatalogAsync(Stores.Postgres(StoreDefinition.Catalog, missing))),
                Task.Run(() => Stores.MigrateIdentityAsync(Stores.Postgres(IdentityStore.Definition, missing))));

            Assert.Equal(CatalogTables, await TablesAsync(missing, "catalog"));
            Assert.Equal(IdentityTables, await TablesAsync(missing, "identity"));
        }
        finally
        {
            await using (var connection = new NpgsqlConnection(missing))
            {
                NpgsqlConnection.ClearPool(connection);
            }

            await using var server = new NpgsqlConnection(database.ConnectionString);
            await server.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database.Name}_new\" WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Migrate_FreshSqliteFiles_CreatesBothStoresInTheirFolders()
    {
        using var folder = new TempFolder();
        var catalog = Stores.Sqlite(StoreDefinition.Catalog, folder.File("new/catalog.db"));
        var identity = Stores.Sqlite(IdentityStore.Definition, folder.File("new/identity.db"));

        await Stores.MigrateCatalogAsync(catalog);
        await Stores.MigrateIdentityAsync(identity);
        await Stores.MigrateCatalogAsync(catalog);

        Assert.Equal(SqliteCatalogTables, await SqliteTablesAsync(folder.File("new/catalog.db")));
        Assert.Equal(IdentityTables, await SqliteTablesAsync(folder.File("new/identity.db")));
        await AssertUpToDateAsync(Stores.Catalog(catalog));
        await AssertUpToDateAsync(Stores.Identity(identity));
    }

    [Fact]
    public async Task MigrateCommand_Sqlite_MigratesTheConfiguredFileAndExitsWithZero()
    {
        using var folder = new TempFolder();

        var catalog = await CatalogDatabase.MigrateCommandAsync(["migrate", $"--Catalog:DatabasePath={folder.File("catalog.db")}"]);
        var identity = await IdentityDatabase.MigrateCommandAsync(["migrate", $"--Identity:DatabasePath={folder.File("identity.db")}"]);

        Assert.Equal((0, 0), (catalog, identity));
        await AssertUpToDateAsync(Stores.Catalog(Stores.Sqlite(StoreDefinition.Catalog, folder.File("catalog.db"))));
        await AssertUpToDateAsync(Stores.Identity(Stores.Sqlite(IdentityStore.Definition, folder.File("identity.db"))));
    }

    [PostgresFact]
    public async Task MigrateCommand_Postgres_MigratesTheConfiguredDatabaseAndExitsWithZero()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        string[] postgres = ["--Storage:Provider=Postgres", $"--ConnectionStrings:Interchange={database.ConnectionString}"];

        var catalog = await CatalogDatabase.MigrateCommandAsync(["migrate", .. postgres]);
        var identity = await IdentityDatabase.MigrateCommandAsync(["migrate", .. postgres]);

        Assert.Equal((0, 0), (catalog, identity));
        Assert.Equal(CatalogTables, await TablesAsync(database.ConnectionString, "catalog"));
        Assert.Equal(IdentityTables, await TablesAsync(database.ConnectionString, "identity"));
    }

    private static async Task AssertUpToDateAsync(DbContext db)
    {
        await using (db)
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration holds: add a migration (README, Running on PostgreSQL).");
        }
    }

    internal static async Task<List<string>> TablesAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = @schema ORDER BY table_name COLLATE \"C\"", connection);
        command.Parameters.AddWithValue("schema", schema);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    internal static async Task<int> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> SqliteTablesAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> '__EFMigrationsLock' ORDER BY name";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
