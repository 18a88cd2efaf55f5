using Microsoft.Data.Sqlite;

namespace Interchange.Audit;

/// <summary>The one table of the log and how connections to it are opened.</summary>
internal static class AuditSchema
{
    /// <summary>Columns in the order <see cref="AuditRecordMapping"/> reads them.</summary>
    public const string Columns =
        "leaf_index, time_us, kind, request_id, agency, dataset, purpose, case_ref, decision, problem, rule, status, fields, detail, subjects";

    // leaf_index is the rowid alias and the Merkle tree position, so it is assigned explicitly by
    // the writer and never reused. leaf_hash is MerkleHash.LeafHash of the record's canonical bytes,
    // stored so tree heads and proofs need no re-encoding. The triggers stop accidental rewrites by
    // code; tampering by someone with the file is what the Merkle tree detects.
    // There is deliberately no column for tokens, secrets or personal field values.
    private static string CreateTableSql(string table) => $"""
        CREATE TABLE IF NOT EXISTS {table} (
            leaf_index INTEGER PRIMARY KEY,
            time_us    INTEGER NOT NULL,
            kind       TEXT    NOT NULL,
            request_id TEXT    NOT NULL,
            agency     TEXT    NOT NULL,
            dataset    TEXT,
            purpose    TEXT,
            case_ref   TEXT,
            decision   TEXT    NOT NULL CHECK (decision IN ('allowed', 'denied')),
            problem    TEXT,
            rule       TEXT,
            status     INTEGER NOT NULL,
            fields     TEXT    NOT NULL,
            detail     TEXT,
            leaf_hash  BLOB    NOT NULL CHECK (length(leaf_hash) = 32),
            subjects   TEXT    NOT NULL DEFAULT '[]',
            CHECK (leaf_index >= 0)
        ) STRICT;
        """;

    // subjects holds the record's keyed subject hashes (a JSON array); audit_subjects indexes them
    // for the subject access report. The index is filled behind the log, in sorted runs of many records
    // (see IAuditWriter.IndexSubjects): audit_subject_index says up to which leaf it is complete, and the
    // report reads records past that point from their subjects column.
    private const string SubjectsTableSql = """
        CREATE TABLE IF NOT EXISTS audit_subjects (
            subject    TEXT    NOT NULL CHECK (length(subject) = 64),
            leaf_index INTEGER NOT NULL,
            PRIMARY KEY (subject, leaf_index)
        ) WITHOUT ROWID, STRICT;
        CREATE TRIGGER IF NOT EXISTS audit_subjects_no_update BEFORE UPDATE ON audit_subjects
        BEGIN SELECT RAISE(ABORT, 'audit_subjects is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_subjects_no_delete BEFORE DELETE ON audit_subjects
        BEGIN SELECT RAISE(ABORT, 'audit_subjects is append-only'); END;
        """;

    // Created with indexed_upto = the log's size: every record written before this table existed had its
    // subjects indexed in its own transaction (or had none). It only ever moves forward.
    private const string SubjectIndexStateSql = """
        CREATE TABLE IF NOT EXISTS audit_subject_index (
            id           INTEGER PRIMARY KEY CHECK (id = 1),
            indexed_upto INTEGER NOT NULL CHECK (indexed_upto >= 0)
        ) STRICT;
        INSERT OR IGNORE INTO audit_subject_index (id, indexed_upto)
            SELECT 1, COALESCE(MAX(leaf_index) + 1, 0) FROM audit_records;
        CREATE TRIGGER IF NOT EXISTS audit_subject_index_forward BEFORE UPDATE ON audit_subject_index
            WHEN NEW.indexed_upto < OLD.indexed_upto OR NEW.id <> OLD.id
        BEGIN SELECT RAISE(ABORT, 'audit_subject_index only moves forward'); END;
        CREATE TRIGGER IF NOT EXISTS audit_subject_index_no_delete BEFORE DELETE ON audit_subject_index
        BEGIN SELECT RAISE(ABORT, 'audit_subject_index only moves forward'); END;
        """;

    private const string IndexesAndTriggersSql = """
        CREATE INDEX IF NOT EXISTS ix_audit_records_agency ON audit_records (agency, leaf_index);
        CREATE INDEX IF NOT EXISTS ix_audit_records_dataset ON audit_records (dataset, leaf_index);
        CREATE INDEX IF NOT EXISTS ix_audit_records_time ON audit_records (time_us);
        CREATE TRIGGER IF NOT EXISTS audit_records_no_update BEFORE UPDATE ON audit_records
        BEGIN SELECT RAISE(ABORT, 'audit_records is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_records_no_delete BEFORE DELETE ON audit_records
        BEGIN SELECT RAISE(ABORT, 'audit_records is append-only'); END;
        """;

    public static string FullPath(AuditOptions options) => Path.GetFullPath(options.DatabasePath);

    public static string ConnectionString(AuditOptions options, SqliteOpenMode mode, bool pooling) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = FullPath(options),
            Mode = mode,
            Cache = SqliteCacheMode.Private,
            Pooling = pooling,
            // Microsoft.Data.Sqlite retries busy statements for this long on top of busy_timeout.
            DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        }.ToString();

    /// <summary>Opens a connection with the busy timeout set, so concurrent openers wait instead of failing.</summary>
    public static SqliteConnection Open(AuditOptions options, SqliteOpenMode mode, bool pooling)
    {
        var connection = new SqliteConnection(ConnectionString(options, mode, pooling));
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates the directory, the file and the schema if missing. Idempotent, and safe when a log
    /// and a reader in different hosts create the same new file at once.
    /// </summary>
    public static void EnsureCreated(AuditOptions options)
    {
        var directory = Path.GetDirectoryName(FullPath(options));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var connection = Open(options, SqliteOpenMode.ReadWriteCreate, pooling: false);
        // WAL is persistent in the file; it lets readers in other processes read while the writer commits.
        Execute(connection, "PRAGMA journal_mode = WAL;");
        // IMMEDIATE: the write lock is taken first, so only one opener upgrades an old file.
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, CreateTableSql("audit_records"), transaction);
        if (!HasColumn(connection, transaction, "subjects"))
        {
            // Files from before subjects were recorded: their records have none, which is what the default says.
            Execute(connection, "ALTER TABLE audit_records ADD COLUMN subjects TEXT NOT NULL DEFAULT '[]';", transaction);
        }

        if (!HasColumn(connection, transaction, "leaf_hash"))
        {
            AddLeafHashes(connection, transaction);
        }

        Execute(connection, IndexesAndTriggersSql, transaction);
        Execute(connection, SubjectsTableSql, transaction);
        Execute(connection, SubjectIndexStateSql, transaction);
        transaction.Commit();
    }

    private static bool HasColumn(SqliteConnection connection, SqliteTransaction transaction, string column)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('audit_records') WHERE name = $column;";
        command.Parameters.AddWithValue("$column", column);
        return (long)command.ExecuteScalar()! == 1;
    }

    /// <summary>
    /// Upgrades a file written before leaf hashes were stored: the table is rebuilt with the
    /// current schema (so an upgraded file has the same constraints as a new one) and each leaf
    /// hash is computed from its stored record, exactly as the writer computes it.
    /// </summary>
    private static void AddLeafHashes(SqliteConnection connection, SqliteTransaction transaction)
    {
        Execute(connection, CreateTableSql("audit_records_upgrade"), transaction);
        using (var select = connection.CreateCommand())
        using (var insert = AuditRecordMapping.CreateInsert(connection, "audit_records_upgrade"))
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT " + Columns + " FROM audit_records ORDER BY leaf_index;";
            insert.Transaction = transaction;
            using var rows = select.ExecuteReader();
            while (rows.Read())
            {
                var record = AuditRecordMapping.Read(rows);
                AuditRecordMapping.Bind(insert, record.LeafIndex, record, AuditRecordMapping.LeafHash(record));
                insert.ExecuteNonQuery();
            }
        }

        // Dropping the old table drops its indexes and triggers; they are recreated on the new one.
        Execute(connection, "DROP TABLE audit_records; ALTER TABLE audit_records_upgrade RENAME TO audit_records;", transaction);
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
