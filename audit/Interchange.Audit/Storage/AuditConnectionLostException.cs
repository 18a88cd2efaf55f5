namespace Interchange.Audit.Storage;

/// <summary>
/// The writer's connection turned out to be dead (the server restarted while it sat idle) before its batch reached
/// <c>COMMIT</c>: nothing of the batch was written, so the log may send it again on a new connection.
/// </summary>
internal sealed class AuditConnectionLostException : IOException
{
    public AuditConnectionLostException()
    {
    }

    public AuditConnectionLostException(string message)
        : base(message)
    {
    }

    public AuditConnectionLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
