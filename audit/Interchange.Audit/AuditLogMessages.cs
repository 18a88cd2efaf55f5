using Microsoft.Extensions.Logging;

namespace Interchange.Audit;

/// <summary>
/// Log messages of the audit writer. They carry counts, indexes and the path, never record contents.
/// </summary>
internal static partial class AuditLogMessages
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Audit log opened at {Path}; next leaf index {NextIndex}")]
    public static partial void Opened(ILogger logger, string path, long nextIndex);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Audit log cannot write a batch of {Count} records at {Path}; appends fail until it recovers")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count, string path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Audit log still failing; {Count} more records refused")]
    public static partial void StillFailing(ILogger logger, int count);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Audit log recovered at {Path}; next leaf index {NextIndex}")]
    public static partial void Recovered(ILogger logger, string path, long nextIndex);

    [LoggerMessage(EventId = 5, Level = LogLevel.Critical, Message = "Audit database {Path} has disappeared while open; it is not recreated, restore it to resume")]
    public static partial void DatabaseMissing(ILogger logger, string path);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Audit log at {Path} cannot bring its subject index forward; reports read the records past its end, and it is retried after the next appends")]
    public static partial void SubjectIndexFailed(ILogger logger, Exception exception, string path);
}
