using Interchange.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Interchange.Core.Migrations.Sqlite;

/// <summary>
/// How dotnet-ef builds the context when it generates this assembly's migrations: the same options the services
/// use (<see cref="StoreServiceCollectionExtensions.UseStore"/>), so the migrations match the run-time model.
/// Never used at run time; no database is opened to add a migration.
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CatalogDbContext>();
        options.UseStore(new StoreConnection(StoreDefinition.Catalog, StorageProvider.Sqlite, "Data Source=design-time.db"));
        return new CatalogDbContext(options.Options);
    }
}
