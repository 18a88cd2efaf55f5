using System.Data.Common;
using Interchange.Audit.Canonical;
using Interchange.Audit.Merkle;
using Microsoft.Data.Sqlite;

namespace Interchange.Audit;

/// <summary>Maps a record to SQLite's insert parameters and a row of either store back to a record, by hand.</summary>
internal static class AuditRecordMapping
{
    public const string Allowed = "allowed";
    public const string Denied = "denied";

    private const string InsertColumns = AuditSchema.Columns + ", leaf_hash";
    private const string InsertValues =
        "($leaf_index, $time_us, $kind, $request_id, $agency, $dataset, $purpose, $case_ref, $decision, $problem, $rule, $status, $fields, $detail, $subjects, $leaf_hash);";

    private static readonly string[] ParameterNames =
    [
        "$leaf_index", "$time_us", "$kind", "$request_id", "$agency", "$dataset", "$purpose",
        "$case_ref", "$decision", "$problem", "$rule", "$status", "$fields", "$detail", "$subjects", "$leaf_hash",
    ];

    public static string ToText(AuditDecision decision) => decision == AuditDecision.Allowed ? Allowed : Denied;

    /// <summary>
    /// The record's Merkle leaf hash: SHA-256(0x00 || canonical bytes). The canonical form holds
    /// the time in microseconds, as stored, so the row read back re-encodes to the bytes hashed here.
    /// </summary>
    /// <exception cref="ArgumentException">The record has no canonical form (see <see cref="CanonicalRecord.Encode"/>).</exception>
    public static byte[] LeafHash(AuditRecord record) => MerkleHash.LeafHash(CanonicalRecord.Encode(record));

    public static SqliteCommand CreateInsert(SqliteConnection connection, string table = "audit_records")
    {
        var command = connection.CreateCommand();
        // The table name is one of two constants, never input.
        command.CommandText = "INSERT INTO " + table + " (" + InsertColumns + ") VALUES " + InsertValues;
        foreach (var name in ParameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    public static void Bind(SqliteCommand insert, long leafIndex, AuditRecord record, byte[] leafHash)
    {
        var p = insert.Parameters;
        p[0].Value = leafIndex;
        p[1].Value = UnixMicroseconds.From(record.Time);
        p[2].Value = record.Kind;
        p[3].Value = record.RequestId;
        p[4].Value = record.Agency;
        p[5].Value = (object?)record.Dataset ?? DBNull.Value;
        p[6].Value = (object?)record.Purpose ?? DBNull.Value;
        p[7].Value = (object?)record.Case ?? DBNull.Value;
        p[8].Value = ToText(record.Decision);
        p[9].Value = (object?)record.Problem ?? DBNull.Value;
        p[10].Value = (object?)record.Rule ?? DBNull.Value;
        p[11].Value = record.Status;
        p[12].Value = FieldListJson.Write(record.Fields);
        p[13].Value = (object?)record.Detail ?? DBNull.Value;
        p[14].Value = FieldListJson.Write(record.Subjects);
        p[15].Value = leafHash;
    }

    /// <summary>Reads a row selected with <see cref="AuditSchema.Columns"/>, from SQLite or PostgreSQL (the columns read back alike).</summary>
    public static AuditRecord Read(DbDataReader row) => new()
    {
        LeafIndex = row.GetInt64(0),
        Time = UnixMicroseconds.ToTime(row.GetInt64(1)),
        Kind = row.GetString(2),
        RequestId = row.GetString(3),
        Agency = row.GetString(4),
        Dataset = NullableString(row, 5),
        Purpose = NullableString(row, 6),
        Case = NullableString(row, 7),
        Decision = row.GetString(8) == Allowed ? AuditDecision.Allowed : AuditDecision.Denied,
        Problem = NullableString(row, 9),
        Rule = NullableString(row, 10),
        Status = row.GetInt32(11),
        Fields = FieldListJson.Read(row.GetString(12)),
        Detail = NullableString(row, 13),
        Subjects = FieldListJson.Read(row.GetString(14)),
    };

    private static string? NullableString(DbDataReader row, int ordinal) =>
        row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}
