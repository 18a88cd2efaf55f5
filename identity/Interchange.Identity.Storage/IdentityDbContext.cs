using Interchange.Core.Agencies;
using Interchange.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Interchange.Identity.Storage;

/// <summary>OpenIddict's applications, scopes and tokens, and the agencies whose claims tokens carry.</summary>
/// <remarks>OpenIddict's entities come with <see cref="IdentityStore.UseIdentityStore"/> (<c>UseOpenIddict()</c>).</remarks>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    public DbSet<Agency> Agencies => Set<Agency>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        StoreModel.ConfigureConventions(Database, configurationBuilder);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        StoreModel.Configure(Database, modelBuilder, IdentityStore.Definition);
        modelBuilder.MapAgencies();
    }
}
