using Interchange.Core.Grants;
using Microsoft.EntityFrameworkCore;

namespace Interchange.Core.Storage;

/// <summary>The storage mapping of access requests and grants.</summary>
public static class AccessWorkflowMapping
{
    public static ModelBuilder MapAccessWorkflow(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AccessRequest>(r =>
        {
            r.ToTable("access_requests");
            r.HasKey(x => x.Id);
            r.Property(x => x.Id).HasMaxLength(40);
            r.Property(x => x.DatasetId).HasMaxLength(128);
            r.Property(x => x.RequesterId).HasMaxLength(128);
            r.Property(x => x.ProviderId).HasMaxLength(128);
            r.Property(x => x.Purpose).HasMaxLength(128);
            r.Property(x => x.Fields).HasConversion(StorageConversions.Names, StorageConversions.NamesComparer).HasMaxLength(4000);
            r.Property(x => x.Justification).HasMaxLength(2000);
            r.Property(x => x.Case).HasMaxLength(128);
            r.Property(x => x.Reason).HasMaxLength(2000);
            r.Property(x => x.DecidedBy).HasMaxLength(128);
            r.Property(x => x.GrantId).HasMaxLength(40);
            r.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            r.Property(x => x.RequestedUntil).HasConversion(StorageConversions.Time);
            r.Property(x => x.CreatedAt).HasConversion(StorageConversions.Time);
            r.Property(x => x.Deadline).HasConversion(StorageConversions.Time);
            r.Property(x => x.DecidedAt).HasConversion(StorageConversions.OptionalTime);
            r.HasIndex(x => new { x.RequesterId, x.State });
            // At most one pending application per requester, dataset and purpose, whatever the engine's locking.
            r.HasIndex(x => new { x.RequesterId, x.DatasetId, x.Purpose }).IsUnique().HasFilter("\"State\" = 'Pending'");
            r.HasIndex(x => new { x.ProviderId, x.State });
        });

        modelBuilder.Entity<Grant>(g =>
        {
            g.ToTable("grants");
            g.HasKey(x => x.Id);
            g.Property(x => x.Id).HasMaxLength(40);
            g.Property(x => x.DatasetId).HasMaxLength(128);
            g.Property(x => x.ConsumerId).HasMaxLength(128);
            g.Property(x => x.ProviderId).HasMaxLength(128);
            g.Property(x => x.Purpose).HasMaxLength(128);
            g.Property(x => x.RequestId).HasMaxLength(40);
            g.Property(x => x.Fields).HasConversion(StorageConversions.Names, StorageConversions.NamesComparer).HasMaxLength(4000);
            g.Property(x => x.Until).HasConversion(StorageConversions.Time);
            g.Property(x => x.GrantedAt).HasConversion(StorageConversions.Time);
            g.Property(x => x.RevokedAt).HasConversion(StorageConversions.OptionalTime);
            g.Property(x => x.ExpiryRecordedAt).HasConversion(StorageConversions.OptionalTime);
            // The gateway's lookup: this consumer, dataset and purpose.
            g.HasIndex(x => new { x.ConsumerId, x.DatasetId, x.Purpose });
            g.HasIndex(x => x.ProviderId);
        });
        return modelBuilder;
    }
}
