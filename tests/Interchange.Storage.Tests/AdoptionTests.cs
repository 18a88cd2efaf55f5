using System.Globalization;
using System.Text;
using Interchange.Core.Agencies;
using Interchange.Core.Storage;
using Interchange.Identity.Storage;
using Interchange.Testing;
using Interchange.Testing.Servers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Interchange.Storage.Tests;

/// <summary>
/// Stores made before migrations (by EnsureCreated; dumps in EnsureCreatedEra/) are adopted: the initial migration is
/// recorded as applied and every row is kept. A file holding only part of a store is refused and left as it was.
/// </summary>
public sealed class AdoptionTests
{
    [Fact]
    public async Task Migrate_CatalogFileMadeByEnsureCreated_IsAdoptedWithEveryRow()
    {
        using var folder = new TempFolder();
        var file = folder.File("catalog.db");
        await LoadDumpAsync(file, "catalog.sql");
        var rows = await RowsAsync(file);
        var store = Stores.Sqlite(StoreDefinition.Catalog, file);

        await Stores.MigrateCatalogAsync(store);
        await Stores.MigrateCatalogAsync(store);

        Assert.Equal(rows, await RowsAsync(file));
        await using var db = Stores.Catalog(store);
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(5, await db.Agencies.CountAsync());
        Assert.Equal(4, await db.Datasets.CountAsync());
        var fresh = Stores.Sqlite(StoreDefinition.Catalog, folder.File("fresh.db"));
        await Stores.MigrateCatalogAsync(fresh);
        Assert.Equal(await SchemaAsync(folder.File("fresh.db")), await SchemaAsync(file));
    }

    [Fact]
    public async Task Migrate_IdentityFileMadeByEnsureCreated_IsAdoptedWithEveryRow()
    {
        using var folder = new TempFolder();
        var file = folder.File("identity.db");
        await LoadDumpAsync(file, "identity.sql");
        var rows = await RowsAsync(file);
        var store = Stores.Sqlite(IdentityStore.Definition, file);

        await Stores.MigrateIdentityAsync(store);

        Assert.Equal(rows, await RowsAsync(file));
        await using var db = Stores.Identity(store);
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(5, await db.Agencies.CountAsync());
        var fresh = Stores.Sqlite(IdentityStore.Definition, folder.File("fresh.db"));
        await Stores.MigrateIdentityAsync(fresh);
        Assert.Equal(await SchemaAsync(folder.File("fresh.db")), await SchemaAsync(file));
    }

    [PostgresFact]
    public async Task Migrate_PostgresStoreMadeByEnsureCreated_IsAdoptedWithItsRows()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var store = Stores.Postgres(StoreDefinition.Catalog, database.ConnectionString);
        await using (var made = Stores.Catalog(store))
        {
            await made.Database.EnsureCreatedAsync();
            made.Agencies.Add(new Agency { Id = "sz-civil-affairs", Name = "Civil affairs", Region = "440300", Roles = ["consumer"] });
            await made.SaveChangesAsync();
        }

        await Stores.MigrateCatalogAsync(store);

        await using var db = Stores.Catalog(store);
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal("sz-civil-affairs", Assert.Single(await db.Agencies.ToListAsync()).Id);
    }

    [Fact]
    public async Task Migrate_FileWithOnlyPartOfTheStore_IsRefusedAndLeftUnchanged()
    {
        using var folder = new TempFolder();
        var file = folder.File("catalog.db");
        await ExecuteAsync(file, """
            CREATE TABLE "agencies" ("Id" TEXT NOT NULL CONSTRAINT "PK_agencies" PRIMARY KEY, "Name" TEXT NOT NULL, "Region" TEXT NOT NULL, "Roles" TEXT NOT NULL);
            INSERT INTO agencies VALUES ('sz-civil-affairs', 'Civil affairs', '440300', 'consumer');
            """);
        var rows = await RowsAsync(file);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Stores.MigrateCatalogAsync(Stores.Sqlite(StoreDefinition.Catalog, file)));

        Assert.Contains("has some of its tables (agencies) but not access_requests, datasets, grants, and no migration history", e.Message, StringComparison.Ordinal);
        Assert.Equal(rows, await RowsAsync(file));
        Assert.Equal(["agencies"], (await SchemaAsync(file)).Select(s => s.Name));
    }

    [Fact]
    public async Task Interchange_DataFolderFromBeforeMigrations_KeepsItsClientsAndCatalogue()
    {
        var fixture = new DataFolderFromBeforeMigrations();
        try
        {
            await fixture.InitializeAsync();

            var token = await fixture.Client.TokenAsync("sz-civil-affairs");
            var datasets = await fixture.Client.GraphQLAsync(token, "{ datasets { totalCount } }");

            Assert.False(datasets.HasErrors, datasets.Body);
            Assert.Equal(4, datasets.Data.GetProperty("datasets").GetProperty("totalCount").GetInt32());
            // The client registered before migrations issued the token: its row is the one the dump holds.
            Assert.Contains("efea7ce2-1cc0-4168-bea5-2c83f31b87b9|NULL|sz-public-security|",
                await RowsAsync(Path.Combine(fixture.Scenario.DataDirectory, "identity.db")), StringComparison.Ordinal);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    private sealed class DataFolderFromBeforeMigrations : InterchangeFixture
    {
        protected override async Task ArrangeAsync(TestScenario scenario)
        {
            Directory.CreateDirectory(scenario.DataDirectory);
            await LoadDumpAsync(Path.Combine(scenario.DataDirectory, "catalog.db"), "catalog.sql");
            await LoadDumpAsync(Path.Combine(scenario.DataDirectory, "identity.db"), "identity.sql");
        }
    }

    private static async Task LoadDumpAsync(string file, string dump) =>
        await ExecuteAsync(file, await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "EnsureCreatedEra", dump)));

    private static async Task ExecuteAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every table's definition and every index's, but the migration bookkeeping.</summary>
    private static async Task<List<(string Name, string Sql)>> SchemaAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND substr(name, 1, 4) <> '__EF' ORDER BY name";
        var schema = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            schema.Add((reader.GetString(0), reader.GetString(1)));
        }

        return schema;
    }

    /// <summary>
    /// Every row of every table but the migration bookkeeping and the catalogue's text index (which later migrations add
    /// and fill from the rows), one line each, values joined with '|'.
    /// </summary>
    private static async Task<string> RowsAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 4) <> '__EF' AND name NOT LIKE 'sqlite%' " +
                "AND substr(name, 1, 14) <> 'dataset_search' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var rows = new StringBuilder();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Append(table).Append(':');
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    rows.Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
                }

                rows.AppendLine();
            }
        }

        return rows.ToString();
    }
}
