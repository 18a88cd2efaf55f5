using Npgsql;

namespace Interchange.Audit.Storage;

/// <summary>
/// The log's tables on PostgreSQL, in the schema <c>audit</c>: the same two tables as on SQLite, append-only by
/// trigger, created and migrated by numbered steps recorded in <c>audit.schema_version</c>.
/// </summary>
/// <remarks>
/// Every start runs <see cref="EnsureCreated"/> in one transaction under <see cref="SchemaLockKey"/>, so services
/// starting at once against a new database do not collide on <c>CREATE</c>: one creates, the others wait and then
/// find the version current. A database already at the current version needs no DDL and so no <c>CREATE</c>
/// privilege: a deployment may create the schema with an owner role and run the services as a role that may only
/// <c>SELECT</c> and <c>INSERT</c> (and <c>UPDATE</c> on <c>audit_subject_index</c>).
/// </remarks>
internal static class PostgresAuditSchema
{
    public const string Schema = "audit";

    /// <summary>The transaction-scoped advisory lock held while the schema is checked or changed ("AuditSch").</summary>
    public const long SchemaLockKey = 0x4175_6469_7453_6368;

    /// <summary>The transaction-scoped advisory lock every batch takes before it reads the next leaf index ("AuditApp").</summary>
    public const long AppendLockKey = 0x4175_6469_7441_7070;

    /// <summary>
    /// The transaction-scoped advisory lock a writer takes to bring the subject index forward ("AuditIdx"): indexers
    /// take turns, while appends go on under their own lock.
    /// </summary>
    public const long IndexLockKey = 0x4175_6469_7449_6478;

    // Step n brings the schema from version n-1 to n. Steps are only ever added, never edited: a database
    // records which it has run.
    private static readonly string[] Steps =
    [
        // 1: the tables as on SQLite, with the subject index and the append-only triggers. leaf_index is the
        // Merkle position, assigned by the writer under the append lock and never reused. Statement triggers
        // refuse UPDATE, DELETE and TRUNCATE even when no row would change; tampering by a role that can drop
        // them is what the Merkle tree detects. There is deliberately no column for tokens, secrets or
        // personal field values.
        """
        CREATE TABLE audit.audit_records (
            leaf_index bigint  NOT NULL PRIMARY KEY CHECK (leaf_index >= 0),
            time_us    bigint  NOT NULL,
            kind       text    NOT NULL,
            request_id text    NOT NULL,
            agency     text    NOT NULL,
            dataset    text,
            purpose    text,
            case_ref   text,
            decision   text    NOT NULL CHECK (decision IN ('allowed', 'denied')),
            problem    text,
            rule       text,
            status     integer NOT NULL,
            fields     text    NOT NULL,
            detail     text,
            leaf_hash  bytea   NOT NULL CHECK (octet_length(leaf_hash) = 32),
            subjects   text    NOT NULL DEFAULT '[]'
        );
        CREATE INDEX ix_audit_records_agency ON audit.audit_records (agency, leaf_index);
        CREATE INDEX ix_audit_records_dataset ON audit.audit_records (dataset, leaf_index);
        CREATE INDEX ix_audit_records_time ON audit.audit_records (time_us);
        CREATE TABLE audit.audit_subjects (
            subject    text   NOT NULL CHECK (length(subject) = 64),
            leaf_index bigint NOT NULL,
            PRIMARY KEY (subject, leaf_index)
        );
        CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
        END
        $$;
        CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit.audit_records
            FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
        CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit.audit_records
            FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
        CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit.audit_records
            FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
        CREATE TRIGGER audit_subjects_no_update BEFORE UPDATE ON audit.audit_subjects
            FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
        CREATE TRIGGER audit_subjects_no_delete BEFORE DELETE ON audit.audit_subjects
            FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
        CREATE TRIGGER audit_subjects_no_truncate BEFORE TRUNCATE ON audit.audit_subjects
            FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
        """,

        // 2: the subject index is filled behind the log (IAuditWriter.IndexSubjects); audit_subject_index says up
        // to which leaf it is complete. Every record written before this step had its subjects indexed with it, so
        // it starts at the log's size, and it only moves forward. The services' role needs UPDATE on it.
        """
        CREATE TABLE audit.audit_subject_index (
            id           integer NOT NULL PRIMARY KEY CHECK (id = 1),
            indexed_upto bigint  NOT NULL CHECK (indexed_upto >= 0)
        );
        INSERT INTO audit.audit_subject_index (id, indexed_upto)
            SELECT 1, COALESCE(MAX(leaf_index) + 1, 0) FROM audit.audit_records;
        CREATE FUNCTION audit.refuse_backward() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.indexed_upto < OLD.indexed_upto OR NEW.id <> OLD.id THEN
                RAISE EXCEPTION '% only moves forward', TG_TABLE_NAME;
            END IF;
            RETURN NEW;
        END
        $$;
        CREATE TRIGGER audit_subject_index_forward BEFORE UPDATE ON audit.audit_subject_index
            FOR EACH ROW EXECUTE FUNCTION audit.refuse_backward();
        CREATE TRIGGER audit_subject_index_no_delete BEFORE DELETE ON audit.audit_subject_index
            FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
        CREATE TRIGGER audit_subject_index_no_truncate BEFORE TRUNCATE ON audit.audit_subject_index
            FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
        """,
    ];

    /// <summary>The version this build writes and reads.</summary>
    public static int CurrentVersion => Steps.Length;

    /// <summary>Creates the schema or runs the steps it lacks, in one transaction under the schema lock.</summary>
    /// <exception cref="NpgsqlException">The server cannot be reached or refuses (e.g. no <c>CREATE</c> privilege on a new database).</exception>
    /// <exception cref="InvalidOperationException">The database is not UTF-8, or was migrated by a newer build.</exception>
    public static void EnsureCreated(NpgsqlDataSource dataSource)
    {
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, $"SELECT pg_advisory_xact_lock({SchemaLockKey});");
        CheckEncoding(connection);

        var version = 0;
        if (Scalar<bool>(connection, "SELECT to_regclass('audit.schema_version') IS NOT NULL;"))
        {
            version = Scalar<int>(connection, "SELECT COALESCE(MAX(version), 0) FROM audit.schema_version;");
        }

        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The audit schema is at version {version}, newer than this build's {CurrentVersion}; run a build that knows it.");
        }

        if (version == CurrentVersion)
        {
            transaction.Commit();
            return;
        }

        if (version == 0)
        {
            Execute(connection, """
                CREATE SCHEMA IF NOT EXISTS audit;
                CREATE TABLE audit.schema_version (
                    version    integer     NOT NULL PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                """);
        }

        for (var step = version + 1; step <= CurrentVersion; step++)
        {
            Execute(connection, Steps[step - 1]);
            using var record = new NpgsqlCommand("INSERT INTO audit.schema_version (version) VALUES ($1);", connection);
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = step });
            record.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static void CheckEncoding(NpgsqlConnection connection)
    {
        // Any other server encoding would refuse (or mangle) text the log must keep byte for byte.
        var encoding = Scalar<string>(connection, "SELECT current_setting('server_encoding');");
        if (!string.Equals(encoding, "UTF8", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The audit database's encoding is {encoding}; it must be UTF8.");
        }
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static T Scalar<T>(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }
}
