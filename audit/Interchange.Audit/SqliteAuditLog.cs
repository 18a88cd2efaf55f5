using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interchange.Audit;

/// <summary>
/// The audit log on one SQLite file, with group commit: appends queue in a bounded channel and one
/// writer commits whatever is queued in one transaction, so a burst costs one fsync, not one per
/// record. Batches form by themselves while a commit is in flight, so no timer is needed.
/// </summary>
/// <remarks>
/// Leaf indexes are assigned inside each batch's write transaction, so several logs (in one process
/// or several) may append to one file; SQLite's write lock orders them. A failed batch fails only its own appends;
/// the next batch reopens the connection, so the log recovers without a restart. A failed append
/// may still have reached the file (e.g. a commit whose result was lost); a successful one always has.
/// </remarks>
public sealed class SqliteAuditLog : IAuditLog, IAsyncDisposable, IDisposable
{
    private readonly AuditOptions _options;
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Channel<PendingAppend> _queue;
    private readonly Task _writer;
    private long _commitCount;
    private int _disposed;

    // Owned by the writer thread alone.
    private SqliteConnection? _connection;
    private SqliteCommand? _insert;
    private long _nextIndex;
    private bool _failing;

    public SqliteAuditLog(IOptions<AuditOptions> options, ILogger<SqliteAuditLog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _path = AuditSchema.FullPath(_options);
        _logger = logger;
        try
        {
            AuditSchema.EnsureCreated(_options);
            Open();
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new AuditUnavailableException($"The audit database '{_path}' cannot be opened.", exception);
        }

        AuditLogMessages.Opened(_logger, _path, _nextIndex);
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(_options.Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // Commits block on fsync, so the writer gets its own thread instead of holding a pool thread.
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
    }

    /// <summary>For containers disposed synchronously; drains like <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

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
        }

        CloseConnection();
    }

    private static bool WaitForWork(ChannelReader<PendingAppend> reader)
    {
        var wait = reader.WaitToReadAsync();
        // Blocking is fine here: this is the writer's own thread, idle until work arrives.
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void WriteBatch(List<PendingAppend> batch)
    {
        long first;
        try
        {
            first = Commit(batch);
        }
        catch (Exception exception)
        {
            Fail(batch, exception);
            return;
        }

        if (_failing)
        {
            _failing = false;
            AuditLogMessages.Recovered(_logger, _path, _nextIndex);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(first + i);
        }
    }

    private long Commit(List<PendingAppend> batch)
    {
        if (_connection is null)
        {
            Open();
        }

        EnsureFileExists();
        long first;
        // BEGIN IMMEDIATE takes the write lock first, so the next position is read under it: several
        // writers (the gateways, the catalogue's workflow) can append to one log without colliding.
        using (var transaction = _connection!.BeginTransaction(deferred: false))
        {
            using (var next = _connection.CreateCommand())
            {
                next.Transaction = transaction;
                next.CommandText = "SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM audit_records;";
                first = (long)next.ExecuteScalar()!;
            }

            _insert!.Transaction = transaction;
            for (var i = 0; i < batch.Count; i++)
            {
                AuditRecordMapping.Bind(_insert, first + i, batch[i].Record, batch[i].LeafHash);
                _insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        // A file unlinked or moved while open still accepts commits, into a file nobody reads at
        // this path any more; that is not durable as far as the log is concerned.
        EnsureFileExists();
        _nextIndex = first + batch.Count;
        Interlocked.Increment(ref _commitCount);
        return first;
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
            AuditLogMessages.BatchFailed(_logger, exception, batch.Count, _path);
        }

        // Reopening re-reads the next leaf index, whatever state the failed batch left behind.
        CloseConnection();
        foreach (var pending in batch)
        {
            pending.Completion.TrySetException(new AuditUnavailableException("The audit log cannot record the action.", exception));
        }
    }

    private void Open()
    {
        // Never ReadWriteCreate here: if the file disappears, recreating it would silently start a
        // new log at leaf 0. The log stays unavailable until the file is restored instead.
        var connection = AuditSchema.Open(_options, SqliteOpenMode.ReadWrite, pooling: false);
        try
        {
            AuditSchema.Execute(connection, "PRAGMA synchronous = FULL;");
            using (var next = connection.CreateCommand())
            {
                next.CommandText = "SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM audit_records;";
                _nextIndex = (long)next.ExecuteScalar()!;
            }

            _insert = AuditRecordMapping.CreateInsert(connection);
            _connection = connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void EnsureFileExists()
    {
        if (File.Exists(_path))
        {
            return;
        }

        if (!_failing)
        {
            AuditLogMessages.DatabaseMissing(_logger, _path);
        }

        throw new AuditUnavailableException($"The audit database '{_path}' has disappeared.");
    }

    private void CloseConnection()
    {
        try
        {
            _insert?.Dispose();
            _connection?.Dispose();
        }
        catch (Exception)
        {
            // A broken connection may fail to close; it is abandoned either way.
        }

        _insert = null;
        _connection = null;
    }
}
