using Interchange.Core.Agencies;
using Interchange.Core.Datasets;
using Interchange.Core.Grants;
using Microsoft.EntityFrameworkCore;

namespace Interchange.Core.Storage;

/// <summary>The catalogue store: agencies and registered datasets. Read by the catalogue and by gateways.</summary>
public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public DbSet<Agency> Agencies => Set<Agency>();

    public DbSet<Dataset> Datasets => Set<Dataset>();

    public DbSet<AccessRequest> AccessRequests => Set<AccessRequest>();

    public DbSet<Grant> Grants => Set<Grant>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        StoreModel.ConfigureConventions(Database, configurationBuilder);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        StoreModel.Configure(Database, modelBuilder, StoreDefinition.Catalog);
        modelBuilder.MapAgencies();
        modelBuilder.Entity<Dataset>(d =>
        {
            d.ToTable("datasets");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).HasMaxLength(128);
            d.Property(x => x.Title).HasMaxLength(256);
            d.Property(x => x.Description).HasMaxLength(4000);
            d.Property(x => x.ProviderId).HasMaxLength(128);
            d.Property(x => x.Region).HasMaxLength(12);
            d.Property(x => x.SourceUrl).HasMaxLength(2048);
            d.Property(x => x.SharingType).HasConversion<string>().HasMaxLength(16);
            d.Property(x => x.Classification).HasConversion<string>().HasMaxLength(16);
            d.Property(x => x.UpdateFrequency).HasMaxLength(32);
            // DateTimeOffset as unix microseconds so ordering and filtering work alike on SQLite and PostgreSQL.
            d.Property(x => x.RegisteredAt).HasConversion(StorageConversions.Time);
            d.Property(x => x.UpdatedAt).HasConversion(StorageConversions.Time);
            d.HasIndex(x => x.ProviderId);
            d.HasIndex(x => x.Region);
            d.HasOne<Agency>().WithMany().HasForeignKey(x => x.ProviderId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.MapAccessWorkflow();
    }
}
