namespace Interchange.Audit;

/// <summary>
/// The audit log cannot record an action. Callers fail closed: the data plane answers 503
/// (<c>urn:interchange:problem:audit-unavailable</c>) rather than serving unaudited data.
/// </summary>
public sealed class AuditUnavailableException : Exception
{
    public AuditUnavailableException()
        : base("The audit log is unavailable.")
    {
    }

    public AuditUnavailableException(string message)
        : base(message)
    {
    }

    public AuditUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
