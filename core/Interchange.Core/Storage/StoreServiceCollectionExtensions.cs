using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Interchange.Core.Storage;

/// <summary>The one place that turns <c>Storage:Provider</c> into <c>UseSqlite</c> or <c>UseNpgsql</c>.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>The catalogue store, read-write (the catalogue service). Bad storage configuration throws here, at start.</summary>
    public static IServiceCollection AddCatalogStore(this IServiceCollection services, IConfiguration configuration, string? sqlitePath)
    {
        var connection = StoreConnection.Resolve(configuration, StoreDefinition.Catalog, sqlitePath);
        return services.AddDbContext<CatalogDbContext>(db => db.UseStore(connection));
    }

    /// <summary>The catalogue store as gateways read it: a context factory on a read-only connection.</summary>
    public static IServiceCollection AddCatalogStoreReader(this IServiceCollection services, IConfiguration configuration, string? sqlitePath)
    {
        var connection = StoreConnection.Resolve(configuration, StoreDefinition.Catalog, sqlitePath, readOnly: true);
        return services.AddDbContextFactory<CatalogDbContext>(db => db.UseStore(connection));
    }

    /// <summary>The provider, its connection and the store's migrations assembly (and, on PostgreSQL, its history table's schema).</summary>
    public static DbContextOptionsBuilder UseStore(this DbContextOptionsBuilder builder, StoreConnection connection)
    {
        var migrations = connection.Store.MigrationsAssembly(connection.Provider);
        return connection.Provider switch
        {
            // No retrying execution strategy: the workflow uses its own transactions, which retries would not cover.
            StorageProvider.Postgres => builder.UseNpgsql(connection.ConnectionString, npgsql => npgsql
                .MigrationsAssembly(migrations)
                .MigrationsHistoryTable(HistoryRepository.DefaultTableName, connection.Store.Schema)),
            _ => builder.UseSqlite(connection.ConnectionString, sqlite => sqlite.MigrationsAssembly(migrations)),
        };
    }
}
