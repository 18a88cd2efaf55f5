namespace Interchange.Audit;

/// <summary>
/// A filter over the audit log. <paramref name="From"/> is inclusive and <paramref name="To"/>
/// exclusive; <paramref name="AfterLeafIndex"/> is the keyset cursor (records after it are returned).
/// </summary>
public sealed record AuditQuery(
    string? Agency = null,
    string? Dataset = null,
    string? Purpose = null,
    string? Case = null,
    AuditDecision? Decision = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long? AfterLeafIndex = null,
    int First = 50);
