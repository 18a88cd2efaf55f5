namespace Interchange.Audit.Storage;

/// <summary>The SQLite file vanished while the log had it open. It is never recreated: that would restart the log at leaf 0.</summary>
internal sealed class AuditStoreMissingException : IOException
{
    public AuditStoreMissingException()
    {
    }

    public AuditStoreMissingException(string message)
        : base(message)
    {
    }

    public AuditStoreMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
