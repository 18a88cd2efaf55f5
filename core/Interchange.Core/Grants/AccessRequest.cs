namespace Interchange.Core.Grants;

/// <summary>
/// A consumer's application (有条件共享 申请) to read a conditional dataset for one purpose and some
/// fields. Everything but the applicant's own statements is set by the server.
/// </summary>
public sealed class AccessRequest
{
    public required string Id { get; init; }

    public required string DatasetId { get; init; }

    public required string RequesterId { get; init; }

    /// <summary>The providing agency that must decide (the dataset's provider when applied for).</summary>
    public required string ProviderId { get; init; }

    public required string Purpose { get; init; }

    public required IReadOnlyList<string> Fields { get; init; }

    public required string Justification { get; init; }

    public string? Case { get; init; }

    /// <summary>The end date the applicant asked for.</summary>
    public DateTimeOffset RequestedUntil { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The provider must answer by then (the list entry's reply deadline, in working days).</summary>
    public DateTimeOffset Deadline { get; init; }

    public AccessRequestState State { get; set; } = AccessRequestState.Pending;

    /// <summary>The provider's reason; mandatory for a refusal.</summary>
    public string? Reason { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? GrantId { get; set; }

    public bool IsOverdue(DateTimeOffset now) => State == AccessRequestState.Pending && now > Deadline;
}
