using Interchange.Catalog.Storage;
using Interchange.Core.Storage;
using Interchange.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Interchange.Storage.Tests;

public sealed class StorageConfigurationTests
{
    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build();

    [Fact]
    public void Resolve_NoProvider_UsesTheServicesSqliteFile()
    {
        var connection = StoreConnection.Resolve(Configuration(), StoreDefinition.Catalog, "data/catalog.db");

        Assert.Equal(StorageProvider.Sqlite, connection.Provider);
        Assert.Contains("Data Source=data/catalog.db", connection.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SqliteReader_OpensTheFileReadOnly()
    {
        var connection = StoreConnection.Resolve(Configuration(), StoreDefinition.Catalog, "data/catalog.db", readOnly: true);

        Assert.Contains("Mode=ReadOnly", connection.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownProvider_FailsNamingTheChoices()
    {
        var e = Assert.Throws<OptionsValidationException>(() =>
            StoreConnection.Resolve(Configuration(("Storage:Provider", "Oracle")), StoreDefinition.Catalog, "data/catalog.db"));

        Assert.Contains("Storage:Provider is 'Oracle'; it must be Sqlite (the default, embedded) or Postgres.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_PostgresWithoutConnectionString_FailsNamingBothKeys()
    {
        var e = Assert.Throws<OptionsValidationException>(() =>
            StoreConnection.Resolve(Configuration(("Storage:Provider", "Postgres")), StoreDefinition.Catalog, "data/catalog.db"));

        Assert.Contains("ConnectionStrings:Catalog", e.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Interchange", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_Postgres_FallsBackToTheSharedConnectionStringAndPrefersTheStoresOwn()
    {
        var shared = Configuration(("Storage:Provider", "postgres"), ("ConnectionStrings:Interchange", "Host=db;Database=interchange"));
        var own = Configuration(("Storage:Provider", "Postgres"), ("ConnectionStrings:Interchange", "Host=db;Database=interchange"),
            ("ConnectionStrings:Catalog", "Host=catalog-db;Database=catalog"));

        var fromShared = StoreConnection.Resolve(shared, StoreDefinition.Catalog, sqlitePath: null);
        var fromOwn = StoreConnection.Resolve(own, StoreDefinition.Catalog, sqlitePath: null);

        Assert.Equal(StorageProvider.Postgres, fromShared.Provider);
        Assert.Equal("db", new NpgsqlConnectionStringBuilder(fromShared.ConnectionString).Host);
        Assert.Equal("catalog-db", new NpgsqlConnectionStringBuilder(fromOwn.ConnectionString).Host);
    }

    [Fact]
    public void Resolve_PostgresReader_SessionsRefuseWrites()
    {
        var configuration = Configuration(("Storage:Provider", "Postgres"), ("ConnectionStrings:Interchange", "Host=db;Database=interchange"));

        var reader = StoreConnection.Resolve(configuration, StoreDefinition.Catalog, sqlitePath: null, readOnly: true);

        Assert.Contains("default_transaction_read_only=on", new NpgsqlConnectionStringBuilder(reader.ConnectionString).Options, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_MalformedConnectionString_FailsWithoutEchoingThePassword()
    {
        var configuration = Configuration(("Storage:Provider", "Postgres"),
            ("ConnectionStrings:Interchange", "Host=db;Password=CANARY-PASSWORD;Colour=blue"));

        var e = Assert.Throws<OptionsValidationException>(() => StoreConnection.Resolve(configuration, StoreDefinition.Catalog, sqlitePath: null));

        Assert.Contains("ConnectionStrings:Interchange is not a PostgreSQL (Npgsql) connection string", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY-PASSWORD", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreConnection_ToString_NeverPrintsTheConnectionString()
    {
        var connection = Stores.Postgres(StoreDefinition.Catalog, "Host=db;Password=CANARY-PASSWORD");

        Assert.DoesNotContain("CANARY", connection.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdentityService_PostgresWithoutConnectionString_FailsAtStartNamingTheKeys()
    {
        using var folder = new TempFolder();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => IdentityApplication.BuildAsync([], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Identity:Issuer"] = "http://localhost:8080/",
                ["Identity:DatabasePath"] = folder.File("identity.db"),
                ["Identity:KeysDirectory"] = folder.File("keys"),
                ["Storage:Provider"] = "Postgres",
            })));

        Assert.Contains("ConnectionStrings:Identity or ConnectionStrings:Interchange", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateCommand_UnknownProvider_ExitsWithOne()
    {
        using var folder = new TempFolder();

        var exit = await CatalogDatabase.MigrateCommandAsync(["migrate", $"--Catalog:DatabasePath={folder.File("catalog.db")}", "--Storage:Provider=Oracle"]);

        Assert.Equal(1, exit);
        Assert.False(File.Exists(folder.File("catalog.db")));
    }
}
