namespace Interchange.Audit;

/// <summary>
/// One page of records, oldest first. <paramref name="TotalCount"/> counts every record matching
/// the filter, ignoring the cursor.
/// </summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Records, bool HasNextPage, long TotalCount);
