using System.Data.Common;
using System.Threading.Channels;
using Interchange.Audit.Storage;
using Microsoft.Extensions.Logging;

namespace Interchange.Audit;

/// <summary>
/// The audit log with group commit, on either store (<see cref="SqliteAuditLog"/>, <see cref="PostgresAuditLog"/>):
/// appends queue in a bounded channel and one writer thread commits whatever is queued in one transaction, so a
/// burst costs one flush, not one per record. Batches form by themselves while a commit is in flight, so no timer
/// is needed.
/// </summary>
/// <remarks>
/// Leaf indexes are assigned inside each batch's write transaction, under a lock every writer of the store takes
/// (SQLite's write lock, PostgreSQL's append lock), so several logs, in one process or several, may append to one
/// log. A failed batch fails only its own appends; the next batch opens a new connection, so the log recovers
/// without a restart. A failed append may still have been written (e.g. a commit whose answer was lost); a
/// successful one always has.
/// </remarks>
public abstract class GroupCommitAuditLog : IAuditLog, IAsyncDisposable, IDisposable
{
    private readonly AuditStore _store;
    private readonly bool _ownsStore;
    private readonly AuditOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<PendingAppend> _queue;
    private readonly Task _writer;
    private long _commitCount;
    private int _disposed;

    // Owned by the writer thread alone.
    private IAuditWriter? _connection;
    private long _nextIndex;
    private bool _failing;

    // Records appended (by this writer) since the subject index last caught up; starts at 1 so records another
    // process left unindexed are indexed once this one is idle.
    private long _unindexed = 1;

    private protected GroupCommitAuditLog(AuditStore store, bool ownsStore, ILogger logger)
    {
        _store = store;
        _ownsStore = ownsStore;
        _options = store.Options;
        _logger = logger;
        try
        {
            _connection = store.OpenWriter();
            _nextIndex = _connection.NextIndex;
        }
        catch (Exception exception) when (exception is DbException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            store.ConnectionFailed();
            if (ownsStore)
            {
                store.Dispose();
            }

            throw new AuditUnavailableException($"The audit database '{store.Location}' cannot be opened.", exception);
        }

        AuditLogMessages.Opened(_logger, store.Location, _nextIndex);
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(_options.Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // Commits block on the flush (or the server's answer), so the writer gets its own thread instead of holding a pool thread.
        _writer = Task.Factory.StartNew(RunWriter, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>How many batches have been committed; fewer than appends when group commit batches.</summary>
    internal long CommitCount => Interlocked.Read(ref _commitCount);

    /// <summary>
    /// Queues the record and completes when its batch is durable. Cancellation stops the wait
    /// (and a wait for queue space), not the write of a record already queued.
    /// </summary>
    public ValueTask<long> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        Validate(record);
        // Hashed by the caller, not the writer: the work spreads over the callers' threads, and a
        // record with no canonical form fails only its own append, not its whole batch.
        var leafHash = AuditRecordMapping.LeafHash(record);
        _store.Validate(record);
        var pending = new PendingAppend(record, leafHash, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending)
            ? WaitForCommit(pending.Completion.Task, cancellationToken)
            : EnqueueAndWaitAsync(pending, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _queue.Writer.TryComplete();
        }

        // The writer drains everything already queued before it closes the connection.
        await _writer.ConfigureAwait(false);
        if (_ownsStore)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>For containers disposed synchronously; drains like <see cref="DisposeAsync"/>.</summary>
    public void Dispose()
    {
        DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }

    private static void Validate(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (string.IsNullOrEmpty(record.Kind) || string.IsNullOrEmpty(record.RequestId) || string.IsNullOrEmpty(record.Agency))
        {
            throw new ArgumentException("An audit record needs a kind, a request id and an agency.", nameof(record));
        }

        if (record.Fields is null)
        {
            throw new ArgumentException("An audit record's fields may be empty but not null.", nameof(record));
        }
    }

    private static ValueTask<long> WaitForCommit(Task<long> commit, CancellationToken cancellationToken) =>
        new(cancellationToken.CanBeCanceled ? commit.WaitAsync(cancellationToken) : commit);

    private async ValueTask<long> EnqueueAndWaitAsync(PendingAppend pending, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException exception)
        {
            throw new AuditUnavailableException("The audit log is closed.", exception);
        }

        return await WaitForCommit(pending.Completion.Task, cancellationToken).ConfigureAwait(false);
    }

    private void RunWriter()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingAppend>(Math.Min(_options.MaxBatch, 4096));
        while (WaitForWork(reader))
        {
            while (batch.Count < _options.MaxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            if (batch.Count > 0)
            {
                WriteBatch(batch);
                batch.Clear();
            }

            if (_unindexed >= _options.SubjectIndexRun)
            {
                IndexSubjects(untilComplete: false);
            }
        }

        // Closing: the index is left complete for whoever reads next (a report reads past its end anyway).
        if (_unindexed > 0)
        {
            IndexSubjects(untilComplete: true);
        }

        CloseConnection();
    }

    /// <summary>Waits for appends; idle with records past the subject index's end, it indexes them first.</summary>
    private bool WaitForWork(ChannelReader<PendingAppend> reader)
    {
        var wait = reader.WaitToReadAsync();
        if (wait.IsCompletedSuccessfully)
        {
            return wait.Result;
        }

        // Blocking is fine here: this is the writer's own thread, idle until work arrives.
        var task = wait.AsTask();
        if (_unindexed > 0 && !task.Wait(_options.SubjectIndexDelay))
        {
            IndexSubjects(untilComplete: true);
        }

        return task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Brings the subject index forward by one run, or until it is complete. A failure is logged and left: appends
    /// never depend on it, and reports read the records past the index's end from the log itself.
    /// </summary>
    private void IndexSubjects(bool untilComplete)
    {
        try
        {
            _connection ??= _store.OpenWriter();
            int covered;
            do
            {
                covered = _connection.IndexSubjects(_options.SubjectIndexRun);
            }
            while (untilComplete && covered == _options.SubjectIndexRun && _queue.Reader.Count == 0);

            // A full run may have left more behind (its own or another process's records): the next idle moment continues.
            _unindexed = covered < _options.SubjectIndexRun ? 0 : Math.Max(1, _unindexed - _options.SubjectIndexRun);
        }
        catch (Exception exception) when (exception is DbException or IOException or InvalidOperationException or TimeoutException)
        {
            AuditLogMessages.SubjectIndexFailed(_logger, exception, _store.Location);
            CloseConnection();
            _store.ConnectionFailed();
            _unindexed = 0;
        }
    }

    private void WriteBatch(List<PendingAppend> batch)
    {
        long first;
        try
        {
            first = Commit(batch);
        }
        catch (AuditConnectionLostException)
        {
            // A connection that died while idle (the server restarted) wrote nothing: send the batch once more on a
            // new one, so the first appends after a restart do not fail for a connection nobody was using.
            CloseConnection();
            _store.ConnectionFailed();
            try
            {
                first = Commit(batch);
            }
            catch (Exception exception)
            {
                Fail(batch, exception);
                return;
            }
        }
        catch (Exception exception)
        {
            Fail(batch, exception);
            return;
        }

        _nextIndex = first + batch.Count;
        _unindexed += batch.Count;
        Interlocked.Increment(ref _commitCount);
        if (_failing)
        {
            _failing = false;
            AuditLogMessages.Recovered(_logger, _store.Location, _nextIndex);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(first + i);
        }
    }

    private long Commit(List<PendingAppend> batch)
    {
        _connection ??= _store.OpenWriter();
        return _connection.Commit(batch);
    }

    private void Fail(List<PendingAppend> batch, Exception exception)
    {
        if (_failing)
        {
            AuditLogMessages.StillFailing(_logger, batch.Count);
        }
        else
        {
            _failing = true;
            if (exception is AuditStoreMissingException)
            {
                AuditLogMessages.DatabaseMissing(_logger, _store.Location);
            }

            AuditLogMessages.BatchFailed(_logger, exception, batch.Count, _store.Location);
        }

        // Reconnecting re-reads the next leaf index, whatever state the failed batch left behind.
        CloseConnection();
        _store.ConnectionFailed();
        foreach (var pending in batch)
        {
            pending.Completion.TrySetException(new AuditUnavailableException("The audit log cannot record the action.", exception));
        }
    }

    private void CloseConnection()
    {
        _connection?.Dispose();
        _connection = null;
    }
}
