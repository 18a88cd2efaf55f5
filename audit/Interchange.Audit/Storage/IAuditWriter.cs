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

    /// <summary>
    /// Brings the subject index (<c>audit_subjects</c>) forward over at most <paramref name="maxRecords"/> records
    /// past the point it is complete to, in one transaction (SQLite: under the write lock; PostgreSQL: under an index
    /// lock, while appends go on), inserting their
    /// subjects sorted; returns how many records it covered (0 when the index is complete). Appends do not index
    /// their subjects: a page of personal records names tens of subjects, and inserting them with the record cost
    /// the writer more than the record itself; in runs of hundreds of records, sorted, the same pages of the index
    /// are written once per run. Idempotent, and safe with several writers: they take turns under the lock.
    /// </summary>
    int IndexSubjects(int maxRecords);
}
