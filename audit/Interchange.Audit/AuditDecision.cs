namespace Interchange.Audit;

/// <summary>The outcome that an audit record reports.</summary>
public enum AuditDecision
{
    Allowed,
    Denied,
}
