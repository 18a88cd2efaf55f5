using Interchange.Core.Storage;
using Interchange.Identity.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Interchange.Identity.Migrations.Sqlite;

/// <summary>
/// How dotnet-ef builds the context when it generates this assembly's migrations: the same options the services
/// use (<see cref="StoreServiceCollectionExtensions.UseStore"/>), so the migrations match the run-time model.
/// Never used at run time; no database is opened to add a migration.
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<IdentityDbContext>
{
    public IdentityDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<IdentityDbContext>();
        options.UseIdentityStore(new StoreConnection(IdentityStore.Definition, StorageProvider.Sqlite, "Data Source=design-time.db"));
        return new IdentityDbContext(options.Options);
    }
}
