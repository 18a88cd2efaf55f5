using Microsoft.Data.Sqlite;

namespace Interchange.Audit.Storage;

/// <summary>The writer's connection to the SQLite file, with the inserts prepared.</summary>
internal sealed class SqliteAuditWriter : IAuditWriter
{
    private const string NextIndexSql = "SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM audit_records;";

    private const string IndexStateSql =
        "SELECT indexed_upto, (SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM audit_records) FROM audit_subject_index WHERE id = 1;";

    private const string IndexSubjectsSql = """
        INSERT OR IGNORE INTO audit_subjects (subject, leaf_index)
        SELECT s.value, r.leaf_index FROM audit_records r, json_each(r.subjects) s
        WHERE r.leaf_index >= $from AND r.leaf_index < $to AND r.subjects <> '[]'
        ORDER BY s.value, r.leaf_index;
        UPDATE audit_subject_index SET indexed_upto = $to WHERE id = 1;
        """;

    private readonly string _path;
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _indexSubjects;
    private readonly SqliteCommand _indexState;

    public SqliteAuditWriter(AuditOptions options, string path)
    {
        _path = path;
        // Never ReadWriteCreate here: if the file disappears, recreating it would silently start a
        // new log at leaf 0. The log stays unavailable until the file is restored instead.
        var connection = AuditSchema.Open(options, SqliteOpenMode.ReadWrite, pooling: false);
        try
        {
            AuditSchema.Execute(connection, "PRAGMA synchronous = FULL;");
            using (var next = connection.CreateCommand())
            {
                next.CommandText = NextIndexSql;
                NextIndex = (long)next.ExecuteScalar()!;
            }

            _insert = AuditRecordMapping.CreateInsert(connection);
            _indexState = connection.CreateCommand();
            _indexState.CommandText = IndexStateSql;
            _indexState.Prepare();
            _indexSubjects = connection.CreateCommand();
            _indexSubjects.CommandText = IndexSubjectsSql;
            _indexSubjects.Parameters.Add(new SqliteParameter { ParameterName = "$from" });
            _indexSubjects.Parameters.Add(new SqliteParameter { ParameterName = "$to" });
            _indexSubjects.Prepare();
            _connection = connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public long NextIndex { get; private set; }

    public long Commit(IReadOnlyList<PendingAppend> batch)
    {
        EnsureFileExists();
        long first;
        // BEGIN IMMEDIATE takes the write lock first, so the next position is read under it: several
        // writers (the gateways, the catalogue's workflow) can append to one log without colliding.
        using (var transaction = _connection.BeginTransaction(deferred: false))
        {
            using (var next = _connection.CreateCommand())
            {
                next.Transaction = transaction;
                next.CommandText = NextIndexSql;
                first = (long)next.ExecuteScalar()!;
            }

            _insert.Transaction = transaction;
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
        NextIndex = first + batch.Count;
        return first;
    }

    public int IndexSubjects(int maxRecords)
    {
        EnsureFileExists();
        using var transaction = _connection.BeginTransaction(deferred: false);
        long from, end;
        _indexState.Transaction = transaction;
        using (var state = _indexState.ExecuteReader())
        {
            state.Read();
            from = state.GetInt64(0);
            end = state.GetInt64(1);
        }

        var to = Math.Min(end, from + maxRecords);
        if (to <= from)
        {
            return 0;
        }

        _indexSubjects.Transaction = transaction;
        _indexSubjects.Parameters[0].Value = from;
        _indexSubjects.Parameters[1].Value = to;
        _indexSubjects.ExecuteNonQuery();
        transaction.Commit();
        return (int)(to - from);
    }

    public void Dispose()
    {
        try
        {
            _insert.Dispose();
            _indexState.Dispose();
            _indexSubjects.Dispose();
            _connection.Dispose();
        }
        catch (Exception)
        {
            // A broken connection may fail to close; it is abandoned either way.
        }
    }

    private void EnsureFileExists()
    {
        if (!File.Exists(_path))
        {
            throw new AuditStoreMissingException($"The audit database '{_path}' has disappeared.");
        }
    }
}
