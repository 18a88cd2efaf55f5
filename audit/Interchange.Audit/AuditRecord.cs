namespace Interchange.Audit;

/// <summary>
/// One entry of the audit log. It names who did what under which rule; it never holds tokens,
/// secrets or personal field values (only field names), so the log can be shown to auditors whole.
/// </summary>
public sealed record AuditRecord
{
    /// <summary>0-based position in the log, assigned by the log; ignored on append.</summary>
    public long LeafIndex { get; init; }

    /// <summary>When the action happened. Stored at microsecond precision, read back as UTC.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>One of <see cref="AuditKinds"/>.</summary>
    public string Kind { get; init; } = AuditKinds.DataAccess;

    public string RequestId { get; init; } = "";

    /// <summary>The agency id, or <c>"anonymous"</c> when the caller was not authenticated.</summary>
    public string Agency { get; init; } = "";

    public string? Dataset { get; init; }

    public string? Purpose { get; init; }

    public string? Case { get; init; }

    public AuditDecision Decision { get; init; }

    /// <summary>The problem type URI of a refusal, e.g. <c>urn:interchange:problem:grant-required</c>.</summary>
    public string? Problem { get; init; }

    /// <summary>The list entry and version that decided, e.g. <c>household-registration@2026-11-01.1</c>.</summary>
    public string? Rule { get; init; }

    /// <summary>The HTTP status of the answer.</summary>
    public int Status { get; init; }

    /// <summary>Names of the fields returned; empty when denied. Never their values.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>A short reason; never personal values or tokens.</summary>
    public string? Detail { get; init; }

    /// <summary>
    /// The data subjects of the records returned (citizens' id numbers, companies' credit codes), only
    /// as keyed hashes (<see cref="Subjects.SubjectHasher"/>): 64 lowercase hex digits each, distinct,
    /// in ascending ordinal order. Empty when the data is not personal or nothing was returned.
    /// </summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];
}
