using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace Interchange.Audit.Storage;

/// <summary>
/// The writer's connection to PostgreSQL. A batch is one READ COMMITTED transaction of two round trips: one
/// <see cref="NpgsqlBatch"/> (prepared once per connection) that takes the append lock and then inserts every
/// record and subject from arrays in one statement, and the <c>COMMIT</c>.
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
    // Positions come from the snapshot's MAX + the record's ordinal; subjects name their record by its offset in
    // the batch. One statement, so one plan, whatever the batch size.
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
                                      fields, detail, subjects, leaf_hash, n)),
        subjects AS (
            INSERT INTO audit_subjects (subject, leaf_index)
            SELECT s.subject, next.first + s.record FROM next, unnest($16::text[], $17::bigint[]) AS s(subject, record))
        SELECT first FROM next
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
    private readonly NpgsqlParameter<string[]> _subject = Array<string[]>(NpgsqlDbType.Text);
    private readonly NpgsqlParameter<long[]> _subjectRecord = Array<long[]>(NpgsqlDbType.Bigint);
    private bool _prepared;

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
                _status, _fields, _detail, _subjects, _leafHash, _subject, _subjectRecord,
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

    public void Dispose()
    {
        try
        {
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
        var subjectCount = 0;
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
            subjectCount += record.Subjects.Count;
        }

        var subject = new string[subjectCount];
        var subjectRecord = new long[subjectCount];
        var s = 0;
        for (var i = 0; i < count; i++)
        {
            foreach (var hash in batch[i].Record.Subjects)
            {
                subject[s] = hash;
                subjectRecord[s++] = i;
            }
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
        _subject.TypedValue = subject;
        _subjectRecord.TypedValue = subjectRecord;
    }
}
