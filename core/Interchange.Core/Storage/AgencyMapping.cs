using Interchange.Core.Agencies;
using Microsoft.EntityFrameworkCore;

namespace Interchange.Core.Storage;

/// <summary>The one storage mapping of <see cref="Agency"/>, used by every store that keeps agencies.</summary>
public static class AgencyMapping
{
    public static ModelBuilder MapAgencies(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Agency>(a =>
        {
            a.ToTable("agencies");
            a.HasKey(x => x.Id);
            a.Property(x => x.Id).HasMaxLength(128);
            a.Property(x => x.Name).HasMaxLength(256);
            a.Property(x => x.Region).HasMaxLength(12);
            a.Property(x => x.Roles)
                .HasConversion(
                    v => string.Join(' ', v),
                    v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList())
                .Metadata.SetValueComparer(new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<string>>(
                    (x, y) => x!.SequenceEqual(y!),
                    v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode(StringComparison.Ordinal))),
                    v => v.ToList()));
        });
        return modelBuilder;
    }
}
