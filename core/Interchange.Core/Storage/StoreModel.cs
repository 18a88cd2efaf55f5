using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Interchange.Core.Storage;

/// <summary>
/// What a store's model adds on PostgreSQL so that both engines behave alike and share one database.
/// The SQLite model stays exactly as the stores made before migrations had it, so their files are adopted as they are.
/// </summary>
public static class StoreModel
{
    /// <summary>
    /// On PostgreSQL text compares and orders byte-wise (collation <c>C</c>), as SQLite's does, whatever the
    /// database's locale: ordering and keyset paging by id give the same pages on both.
    /// </summary>
    public static void ConfigureConventions(DatabaseFacade database, ModelConfigurationBuilder conventions)
    {
        if (database.IsNpgsql())
        {
            conventions.Properties<string>().UseCollation("C");
        }
    }

    /// <summary>On PostgreSQL each store keeps its tables in its own schema, so the stores can share a database.</summary>
    public static void Configure(DatabaseFacade database, ModelBuilder modelBuilder, StoreDefinition store)
    {
        if (database.IsNpgsql())
        {
            modelBuilder.HasDefaultSchema(store.Schema);
        }
    }
}
