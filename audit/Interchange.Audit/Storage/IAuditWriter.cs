namespace Interchange.Audit.Storage;

/// <summary>The writer thread's connection to the store, with its statements prepared.</summary>
internal interface IAuditWriter : IDisposable
{
    /// <summary>The leaf index the next record would get, as last seen by this writer (for logs only).</summary>
    long NextIndex { get; }

    /// <summary>
    /// Appends the batch in one transaction at the end of the log, under a lock that orders every writer of the
    /// store (in any process), and returns the first record's leaf index. Returns only once the commit is durable.
    /// </summary>
    long Commit(IReadOnlyList<PendingAppend> batch);
}
