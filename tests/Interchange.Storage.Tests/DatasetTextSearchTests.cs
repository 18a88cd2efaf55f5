using Interchange.Catalog.Datasets;
using Interchange.Core.Agencies;
using Interchange.Core.Datasets;
using Interchange.Core.Storage;
using Interchange.Policies;
using Interchange.Testing.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Interchange.Storage.Tests;

/// <summary>
/// <c>datasets(filter: {text})</c> on its indexes (SQLite's trigram index, PostgreSQL's pg_trgm indexes) finds exactly what
/// reading every dataset finds — substring of id, title or description, ASCII-only case folding — page by page, and
/// stays so as datasets are registered, changed and removed, and after an older store is migrated.
/// </summary>
public sealed class DatasetTextSearchTests
{
    /// <summary>Ids whose texts the searches below tell apart; "zz-…" come last by id, so their matches are bunched at the end.</summary>
    private static readonly (string Id, string Title, string Description)[] Initial =
    [
        ("business-licenses", "Business licences", "营业执照 registered by the market regulator; LICENCE numbers"),
        ("household-registration", "Household registration", "户籍信息: name, id number, address"),
        ("quotes", "He said \"hello\"", "100% of rows_with a \\ backslash"),
        ("umlaut", "Ärzte und Äpfel", "KELVIN \u212A sign, straße"),
        ("abc", "def", "ghi"),
        ("zz-late-1", "Trailing matches", "needle in the late haystack"),
        ("zz-late-2", "Trailing matches", "another needle"),
    ];

    /// <summary>Texts covering the index (three characters or more) and the rows-read path (shorter), wildcards, quotes, case, CJK and separators.</summary>
    private static readonly string[] Texts =
    [
        "licence", "LICENCE", "Licences", "registration", "营业执照", "户籍信息", "户籍", "户", "\"hello\"", "\"", "100%", "%", "rows_with", "_",
        "a \\ b", "\\", "ärzte", "ÄRZTE", "Ärzte", "kelvin", "k", "\u212A sign", "strasse", "straße", "cdef", "c", "abc", "ABC", "def", "ghi",
        "needle", "trailing", "zz-late", "late", "zz", "not there", "e", "an", "  registration  ", "ds-", "dataset-0",
    ];

    [Fact]
    public async Task Search_Sqlite_FindsExactlyWhatReadingEveryRowFinds()
    {
        using var folder = new TempFolder();
        var store = Stores.Sqlite(StoreDefinition.Catalog, folder.File("catalog.db"));
        await Stores.MigrateCatalogAsync(store);

        await AssertIndexFollowsChangesAsync(store);
    }

    [PostgresFact]
    public async Task Search_Postgres_FindsExactlyWhatReadingEveryRowFinds()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var store = Stores.Postgres(StoreDefinition.Catalog, database.ConnectionString);
        await Stores.MigrateCatalogAsync(store);

        Assert.Equal(
            ["IX_datasets_Description_trigrams", "IX_datasets_Id_trigrams", "IX_datasets_Title_trigrams"],
            await TrigramIndexesAsync(database.ConnectionString));
        await AssertIndexFollowsChangesAsync(store);
    }

    [PostgresFact]
    public async Task Migrate_PostgresRoleThatMayNotInstallPgTrgm_MigratesAndSearchesWithoutTheIndexes()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var role = "interchange_limited_" + Guid.NewGuid().ToString("N")[..8];
        await ExecutePostgresAsync(database.ConnectionString, $"""
            CREATE ROLE {role} LOGIN PASSWORD 'limited';
            CREATE SCHEMA catalog AUTHORIZATION {role};
            REVOKE CREATE ON DATABASE "{database.Name}" FROM PUBLIC;
            GRANT CONNECT ON DATABASE "{database.Name}" TO {role};
            """);
        try
        {
            var limited = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = "limited" }.ConnectionString;
            var store = Stores.Postgres(StoreDefinition.Catalog, limited);

            await Stores.MigrateCatalogAsync(store);

            await using (var db = Stores.Catalog(store))
            {
                Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            }

            Assert.Empty(await TrigramIndexesAsync(database.ConnectionString));
            await AssertIndexFollowsChangesAsync(store);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecutePostgresAsync(database.ConnectionString, $"DROP SCHEMA IF EXISTS catalog CASCADE; DROP OWNED BY {role}; DROP ROLE {role};");
        }
    }

    [Fact]
    public async Task Migrate_SqliteStoreWithDatasetsBeforeTheIndex_IndexesThem()
    {
        using var folder = new TempFolder();
        var store = Stores.Sqlite(StoreDefinition.Catalog, folder.File("catalog.db"));

        await AssertUpgradeIndexesExistingDatasetsAsync(store);
    }

    [PostgresFact]
    public async Task Migrate_PostgresStoreWithDatasetsBeforeTheIndex_IndexesThem()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var store = Stores.Postgres(StoreDefinition.Catalog, database.ConnectionString);

        await AssertUpgradeIndexesExistingDatasetsAsync(store);

        Assert.Equal(3, (await TrigramIndexesAsync(database.ConnectionString)).Count);
    }

    [Fact]
    public async Task Search_SqliteManyDatasets_PagesAlikeWhereverTheMatchesLie()
    {
        using var folder = new TempFolder();
        var store = Stores.Sqlite(StoreDefinition.Catalog, folder.File("catalog.db"));
        await Stores.MigrateCatalogAsync(store);
        await using (var db = Stores.Catalog(store))
        {
            db.Agencies.Add(Provider());
            await db.SaveChangesAsync();
            // "common" in most datasets (a page from the rows in id order), "rare" in a few (a page from the index),
            // "bunched" only in the last tenth by id (rows in id order meet none early: the index's page follows).
            for (var i = 0; i < 400; i++)
            {
                var words = (i % 5 == 0 ? "" : "common ") + (i % 97 == 0 ? "rare " : "") + (i >= 360 ? "bunched " : "");
                db.Datasets.Add(NewDataset($"dataset-{i:D3}", $"Dataset {i}", words + "text"));
            }

            await db.SaveChangesAsync();
        }

        foreach (var text in new[] { "common", "rare", "bunched", "dataset-3", "text", "nowhere" })
        {
            await AssertSearchMatchesScanAsync(store, text);
        }
    }

    /// <summary>Registers, changes (tracked and in bulk) and removes datasets, checking every text after each step.</summary>
    private static async Task AssertIndexFollowsChangesAsync(StoreConnection store)
    {
        await using (var db = Stores.Catalog(store))
        {
            db.Agencies.Add(Provider());
            db.Datasets.AddRange(Initial.Select(d => NewDataset(d.Id, d.Title, d.Description)));
            await db.SaveChangesAsync();
        }

        await AssertEveryTextMatchesScanAsync(store);

        await using (var db = Stores.Catalog(store))
        {
            var household = await db.Datasets.SingleAsync(d => d.Id == "household-registration");
            household.Title = "Residence permits";
            household.Description = "居住证 holders";
            await db.SaveChangesAsync();
        }

        await AssertEveryTextMatchesScanAsync(store);
        Assert.Empty(await SearchIdsAsync(store, "household registration", 5));
        Assert.Equal(["household-registration"], await SearchIdsAsync(store, "residence permit", 5));

        await using (var db = Stores.Catalog(store))
        {
            await db.Datasets.Where(d => d.Id.StartsWith("zz-")).ExecuteUpdateAsync(s => s.SetProperty(d => d.Description, "moved elsewhere"));
            db.Datasets.Remove(await db.Datasets.SingleAsync(d => d.Id == "business-licenses"));
            await db.SaveChangesAsync();
            await db.Datasets.Where(d => d.Id == "abc").ExecuteDeleteAsync();
        }

        await AssertEveryTextMatchesScanAsync(store);
        Assert.Empty(await SearchIdsAsync(store, "needle", 5));
        Assert.Empty(await SearchIdsAsync(store, "营业执照", 5));
        Assert.Empty(await SearchIdsAsync(store, "ghi", 5));

        await using (var db = Stores.Catalog(store))
        {
            // Registered again under the same id: found by its new text only.
            db.Datasets.Add(NewDataset("business-licenses", "Company registry", "营业执照 again"));
            await db.SaveChangesAsync();
        }

        await AssertEveryTextMatchesScanAsync(store);
        Assert.Equal(["business-licenses"], await SearchIdsAsync(store, "营业执照", 5));
        Assert.Empty(await SearchIdsAsync(store, "licence", 5));
    }

    /// <summary>A store migrated only to its first migration holds datasets; the rest of the migrations make them searchable.</summary>
    private static async Task AssertUpgradeIndexesExistingDatasetsAsync(StoreConnection store)
    {
        await using (var db = Stores.Catalog(store))
        {
            var migrations = db.Database.GetMigrations().ToList();
            Assert.True(migrations.Count > 1, "The text index comes with a migration after the first.");
            await db.GetService<IMigrator>().MigrateAsync(migrations[0]);
            db.Agencies.Add(Provider());
            db.Datasets.AddRange(Initial.Select(d => NewDataset(d.Id, d.Title, d.Description)));
            await db.SaveChangesAsync();
        }

        await Stores.MigrateCatalogAsync(store);

        await AssertEveryTextMatchesScanAsync(store);
        Assert.Equal(["business-licenses"], await SearchIdsAsync(store, "营业执照", 5));
        Assert.Equal(["zz-late-1", "zz-late-2"], await SearchIdsAsync(store, "needle", 1));
    }

    private static async Task AssertEveryTextMatchesScanAsync(StoreConnection store)
    {
        foreach (var text in Texts)
        {
            await AssertSearchMatchesScanAsync(store, text);
        }
    }

    /// <summary>Every page (of 1, 2 and 20) and the count agree with a substring test of every dataset in memory.</summary>
    private static async Task AssertSearchMatchesScanAsync(StoreConnection store, string text)
    {
        List<Dataset> all;
        await using (var db = Stores.Catalog(store))
        {
            all = await db.Datasets.AsNoTracking().ToListAsync();
        }

        var needle = AsciiLower(text.Trim());
        var expected = all
            .Where(d => AsciiLower(d.Id).Contains(needle, StringComparison.Ordinal)
                || AsciiLower(d.Title).Contains(needle, StringComparison.Ordinal)
                || AsciiLower(d.Description).Contains(needle, StringComparison.Ordinal))
            .Select(d => d.Id)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var first in new[] { 1, 2, 20 })
        {
            Assert.True(expected.SequenceEqual(await SearchIdsAsync(store, text, first, expected.Count)),
                $"'{text}' in pages of {first}: expected [{string.Join(", ", expected)}], found [{string.Join(", ", await SearchIdsAsync(store, text, first))}]");
        }
    }

    /// <summary>Every id the search yields, page after page; each page must report <paramref name="total"/> when it is given.</summary>
    private static async Task<List<string>> SearchIdsAsync(StoreConnection store, string text, int first, long? total = null)
    {
        var ids = new List<string>();
        string? after = null;
        while (true)
        {
            await using var db = Stores.Catalog(store);
            var page = await DatasetQueries.SearchAsync(db, PolicySet.Empty, new DatasetFilter(text, null, null, null, null), first, after, CancellationToken.None);
            if (total is not null)
            {
                Assert.Equal(total, page.TotalCount);
            }

            Assert.True(page.Nodes.Count <= first);
            ids.AddRange(page.Nodes.Select(n => n.Dataset.Id));
            if (!page.HasNextPage)
            {
                return ids;
            }

            Assert.Equal(first, page.Nodes.Count);
            after = page.EndCursor;
        }
    }

    private static Agency Provider() => new() { Id = "sz-market-regulation", Name = "Market regulation", Region = "440300", Roles = [AgencyRoles.Provider] };

    private static Dataset NewDataset(string id, string title, string description) => new()
    {
        Id = id,
        Title = title,
        Description = description,
        ProviderId = "sz-market-regulation",
        Region = "440300",
        SourceUrl = new Uri("https://source.example.gov.cn/" + id),
        RegisteredAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    private static string AsciiLower(string text) =>
        string.Concat(text.Select(c => char.IsAsciiLetterUpper(c) ? (char)(c + 32) : c));

    private static async Task<List<string>> TrigramIndexesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'catalog' AND indexname LIKE '%trigrams' ORDER BY indexname COLLATE \"C\"", connection);
        var indexes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            indexes.Add(reader.GetString(0));
        }

        return indexes;
    }

    private static async Task ExecutePostgresAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
