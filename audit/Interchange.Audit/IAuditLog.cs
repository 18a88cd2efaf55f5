namespace Interchange.Audit;

/// <summary>The append side of the audit log ("no audit, no data").</summary>
public interface IAuditLog
{
    /// <summary>
    /// Appends a record and completes only when it is durable on disk.
    /// </summary>
    /// <returns>The record's 0-based leaf index.</returns>
    /// <exception cref="AuditUnavailableException">The record could not be written.</exception>
    ValueTask<long> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);
}
