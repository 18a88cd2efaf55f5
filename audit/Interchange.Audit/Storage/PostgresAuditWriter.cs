using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace Interchange.Audit.Storage;

/// <summary>
/// The writer's connection to PostgreSQL. A batch is one READ COMMITTED transaction of two round trips: one
/// <see cref="NpgsqlBatch"/> (prepared once per connection) that takes the append lock and then inserts every
/// record from arrays in one statement, and the <c>COMMIT</c>. Subjects are indexed behind the log (<see cref="IndexSubjects"/>).
/// </summary>
/// <remarks>
/// The append lock (<see cref="PostgresAuditSchema.AppendLockKey"/>, transaction-scoped) serialises writers in every
/// process. The insert is a separate statement, so under READ COMMITTED it reads <c>MAX(leaf_index)</c> with a
/// snapshot taken after the lock was granted, i.e. after the previous holder's commit became visible: positions are
/// gap-free and follow commit order. The lock is released only after the commit is visible, so a reader that sees a
/// batch also sees every batch before it.
/// </remarks>
internal sealed class PostgresAuditWriter : IAuditWriter
{
    // Positions come from the snapshot's MAX + the record's ordinal. One statement, so one plan, whatever the batch size.
    private const string InsertSql = """
        WITH next AS MATERIALIZED (SELECT COALESCE(MAX(leaf_index) + 1, 0) AS first FROM audit_records),
        records AS (
            INSERT INTO audit_records
                (leaf_index, time_us, kind, request_id, agency, dataset, purpose, case_ref, decision, problem, rule, status, fields, detail, subjects, leaf_hash)
            SELECT next.first + r.n - 1, r.time_us, r.kind, r.request_id, r.agency, r.dataset, r.purpose, r.case_ref, r.decision,
                   r.problem, r.rule, r.status, r.fields, r.detail, r.subjects, r.leaf_hash
            FROM next, unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                              $9::text[], $10::text[], $11::integer[], $12::text[], $13::text[], $14::text[], $15::bytea[])
                 WITH ORDINALITY AS r(time_us, kind, request_id, agency, dataset, purpose, case_ref, decision, problem, rule, status,
                                      fields, detail, subjects, leaf_hash, n))
        SELECT first FROM next
        """;

    // Under the index lock (appends go on meanwhile; what they add lies past MAX as this statement sees it): the records past the index's end, at most $1 of them, their subjects sorted into the index.
    private const string IndexSubjectsSql = """
        WITH state AS MATERIALIZED (
            SELECT indexed_upto AS from_leaf,
                   LEAST((SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM audit_records), indexed_upto + $1) AS to_leaf
            FROM audit_subject_index WHERE id = 1),
        added AS (
            INSERT INTO audit_subjects (subject, leaf_index)
            SELECT s.subject, r.leaf_index
            FROM state, audit_records r, jsonb_array_elements_text(r.subjects::jsonb) AS s(subject)
            WHERE r.leaf_index >= state.from_leaf AND r.leaf_index < state.to_leaf AND r.subjects <> '[]'
            ORDER BY 1, 2
            ON CONFLICT DO NOTHING),
        moved AS (
            UPDATE audit_subject_index SET indexed_upto = state.to_leaf FROM state
            WHERE audit_subject_index.id = 1 AND state.to_leaf > state.from_leaf)
        SELECT GREATEST(to_leaf - from_leaf, 0) FROM state
        """;

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlBatch _batch;
    private readonly NpgsqlParameter<long[]> _time = Array<long[]>(NpgsqlDbType.Bigint);
    private readonly NpgsqlParameter<string[]> _kind = Array<string[]>(NpgsqlDbType.Text);
    private readonly NpgsqlParameter<string[]> _requestId = Array<string[]>(NpgsqlDbType.Text);
    private readonly NpgsqlParameter<string[]> _agency = Array<string[]>(NpgsqlDbType.Text);
    private readonly NpgsqlParameter<string?[]> _dataset = Array<string?[]>(NpgsqlDbType.Text);
    private readonly NpgsqlParameter<string?[]> _purpose = Array<string?[]>(NpgsqlDbType.Text);
    private readonly NpgsqlParameter<string?[]> _case = Array<string?[]>(NpgsqlDbType.Text);
    private readonly NpgsqlParameter<string[]> _decision = Array<string[]>(NpgsqlDbType.Text);
    private readonly NpgsqlParameter<string?[]> _problem = Array<string?[]>(NpgsqlDbType.Text);
    private readonly NpgsqlParameter<string?[]> _rule = Array<string?[]>(NpgsqlDbType.Text);
    private readonly NpgsqlParameter<int[]> _status = Array<int[]>(NpgsqlDbType.Integer);
    private readonly NpgsqlParameter<string[]> _fields = Array<string[]>(NpgsqlDbType.Text);
    private readonly NpgsqlParameter<string?[]> _detail = Array<string?[]>(NpgsqlDbType.Text);
    private readonly NpgsqlParameter<string[]> _subjects = Array<string[]>(NpgsqlDbType.Text);
    private readonly NpgsqlParameter<byte[][]> _leafHash = Array<byte[][]>(NpgsqlDbType.Bytea);
    private readonly NpgsqlBatch _index;
    private readonly NpgsqlParameter<int> _indexMax = new() { NpgsqlDbType = NpgsqlDbType.Integer };
    private bool _prepared;
    private bool _indexPrepared;

    public PostgresAuditWriter(NpgsqlDataSource dataSource, AuditOptions options)
    {
        _connection = dataSource.OpenConnection();
        try
        {
            string synchronousCommit;
            using (var setup = new NpgsqlCommand(
                "SELECT current_setting('synchronous_commit'), (SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM audit_records)", _connection))
            using (var row = setup.ExecuteReader())
            {
                row.Read();
                synchronousCommit = row.GetString(0);
                NextIndex = row.GetInt64(1);
            }

            // "No audit, no data": a commit must be flushed before it is reported. Only "off" reports earlier
            // (a server, role or database default); "local", "on" and the remote levels all flush locally first.
            var settings = $"SET lock_timeout = {(long)options.BusyTimeout.TotalMilliseconds};";
            if (string.Equals(synchronousCommit, "off", StringComparison.OrdinalIgnoreCase))
            {
                settings += " SET synchronous_commit = on;";
            }

            using (var set = new NpgsqlCommand(settings, _connection))
            {
                set.ExecuteNonQuery();
            }

            using (var show = new NpgsqlCommand("SELECT current_setting('synchronous_commit')", _connection))
            {
                SynchronousCommit = (string)show.ExecuteScalar()!;
            }

            var insert = new NpgsqlBatchCommand(InsertSql);
            insert.Parameters.AddRange(new NpgsqlParameter[]
            {
                _time, _kind, _requestId, _agency, _dataset, _purpose, _case, _decision, _problem, _rule,
                _status, _fields, _detail, _subjects, _leafHash,
            });
            _batch = new NpgsqlBatch(_connection)
            {
                BatchCommands =
                {
                    // Waits for the writer of any other process to commit (at most lock_timeout, then the batch fails).
                    new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({PostgresAuditSchema.AppendLockKey})"),
                    insert,
                },
            };
            var index = new NpgsqlBatchCommand(IndexSubjectsSql);
            index.Parameters.Add(_indexMax);
            _index = new NpgsqlBatch(_connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({PostgresAuditSchema.IndexLockKey})"),
                    index,
                },
            };
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    public long NextIndex { get; private set; }

    /// <summary>The session's <c>synchronous_commit</c> as the writer left it: never <c>off</c>.</summary>
    public string SynchronousCommit { get; } = "";

    public long Commit(IReadOnlyList<PendingAppend> batch)
    {
        Bind(batch);
        // READ COMMITTED whatever the server's default: each statement must see the commits made before the lock was granted.
        using var transaction = _connection.BeginTransaction(IsolationLevel.ReadCommitted);
        if (!_prepared)
        {
            _batch.Prepare();
            _prepared = true;
        }

        long first = -1;
        try
        {
            using var reader = _batch.ExecuteReader();
            do
            {
                if (reader.FieldCount == 1 && reader.GetFieldType(0) == typeof(long) && reader.Read())
                {
                    first = reader.GetInt64(0);
                }
            }
            while (reader.NextResult());
        }
        catch (Exception exception) when (PostgresAuditStore.IsConnectionLost(exception))
        {
            // No COMMIT was sent, so the server has rolled back whatever of the batch it received.
            throw new AuditConnectionLostException("The audit writer's connection was lost before its batch was committed.", exception);
        }

        if (first < 0)
        {
            throw new InvalidOperationException("The audit insert returned no first leaf index.");
        }

        // Returns once the server has flushed the commit (synchronous_commit is on); only then is the batch appended.
        transaction.Commit();
        NextIndex = first + batch.Count;
        return first;
    }

    public int IndexSubjects(int maxRecords)
    {
        _indexMax.TypedValue = maxRecords;
        using var transaction = _connection.BeginTransaction(IsolationLevel.ReadCommitted);
        if (!_indexPrepared)
        {
            _index.Prepare();
            _indexPrepared = true;
        }

        long covered = 0;
        using (var reader = _index.ExecuteReader())
        {
            do
            {
                if (reader.FieldCount == 1 && reader.GetFieldType(0) == typeof(long) && reader.Read())
                {
                    covered = reader.GetInt64(0);
                }
            }
            while (reader.NextResult());
        }

        transaction.Commit();
        return (int)covered;
    }

    public void Dispose()
    {
        try
        {
            _index.Dispose();
            _batch.Dispose();
            _connection.Dispose();
        }
        catch (Exception)
        {
            // A broken connection may fail to close; it is abandoned either way.
        }
    }

    private static NpgsqlParameter<T> Array<T>(NpgsqlDbType element) => new() { NpgsqlDbType = NpgsqlDbType.Array | element };

    private void Bind(IReadOnlyList<PendingAppend> batch)
    {
        var count = batch.Count;
        var time = new long[count];
        var kind = new string[count];
        var requestId = new string[count];
        var agency = new string[count];
        var dataset = new string?[count];
        var purpose = new string?[count];
        var caseRef = new string?[count];
        var decision = new string[count];
        var problem = new string?[count];
        var rule = new string?[count];
        var status = new int[count];
        var fields = new string[count];
        var detail = new string?[count];
        var subjects = new string[count];
        var leafHash = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var record = batch[i].Record;
            time[i] = UnixMicroseconds.From(record.Time);
            kind[i] = record.Kind;
            requestId[i] = record.RequestId;
            agency[i] = record.Agency;
            dataset[i] = record.Dataset;
            purpose[i] = record.Purpose;
            caseRef[i] = record.Case;
            decision[i] = AuditRecordMapping.ToText(record.Decision);
            problem[i] = record.Problem;
            rule[i] = record.Rule;
            status[i] = record.Status;
            fields[i] = FieldListJson.Write(record.Fields);
            detail[i] = record.Detail;
            subjects[i] = FieldListJson.Write(record.Subjects);
            leafHash[i] = batch[i].LeafHash;
        }

        _time.TypedValue = time;
        _kind.TypedValue = kind;
        _requestId.TypedValue = requestId;
        _agency.TypedValue = agency;
        _dataset.TypedValue = dataset;
        _purpose.TypedValue = purpose;
        _case.TypedValue = caseRef;
        _decision.TypedValue = decision;
        _problem.TypedValue = problem;
        _rule.TypedValue = rule;
        _status.TypedValue = status;
        _fields.TypedValue = fields;
        _detail.TypedValue = detail;
        _subjects.TypedValue = subjects;
        _leafHash.TypedValue = leafHash;
    }
}
