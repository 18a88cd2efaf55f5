using Interchange.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Interchange.Identity.Storage;

/// <summary>The identity store: SQLite or PostgreSQL by <c>Storage:Provider</c>, like every store (see <see cref="StoreConnection"/>).</summary>
public static class IdentityStore
{
    /// <summary>Connection string <c>ConnectionStrings:Identity</c> (else <c>…:Interchange</c>); PostgreSQL schema <c>identity</c>.</summary>
    public static readonly StoreDefinition Definition = new(
        "Identity", "identity", "Interchange.Identity.Migrations.Sqlite", "Interchange.Identity.Migrations.Postgres");

    /// <summary>Registers <see cref="IdentityDbContext"/>; bad storage configuration throws here, at start.</summary>
    public static IServiceCollection AddIdentityStore(this IServiceCollection services, IConfiguration configuration, string? sqlitePath)
    {
        var connection = StoreConnection.Resolve(configuration, Definition, sqlitePath);
        // The options depend on configuration only: built once, not for every request's context (a measurable share of
        // a token request otherwise).
        return services.AddDbContext<IdentityDbContext>(db => db.UseIdentityStore(connection), optionsLifetime: ServiceLifetime.Singleton);
    }

    public static DbContextOptionsBuilder UseIdentityStore(this DbContextOptionsBuilder builder, StoreConnection connection) =>
        builder.UseStore(connection).UseOpenIddict();
}
