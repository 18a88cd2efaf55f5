namespace Interchange.Policies.Model;

/// <summary>Per-consumer limits of a list entry; <c>null</c> means the list states none.</summary>
public sealed record EntryLimits(int? PerMinute, int? RecordsPerDay, int? MaxPageSize)
{
    public static EntryLimits None { get; } = new(null, null, null);
}
