using Interchange.Core.Agencies;
using Interchange.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Interchange.Identity.Storage;

/// <summary>OpenIddict's applications, scopes and tokens, and the agencies whose claims tokens carry.</summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    public DbSet<Agency> Agencies => Set<Agency>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.MapAgencies();
    }
}
