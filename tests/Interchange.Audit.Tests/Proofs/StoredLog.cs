using Interchange.Audit.Canonical;
using Interchange.Audit.Proofs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Interchange.Audit.Tests.Proofs;

/// <summary>Reads the stored log back the slow, obvious way, for comparison with the library.</summary>
internal static class StoredLog
{
    public static AuditTree OpenTree(this TempDatabase db) => new(Options.Create(db.CreateOptions()));

    /// <summary>Every record's canonical bytes, in leaf index order, re-encoded from the reader's records.</summary>
    public static async Task<byte[][]> CanonicalEntriesAsync(TempDatabase db)
    {
        var page = await db.OpenReader().QueryAsync(new AuditQuery(First: 1000));
        Assert.False(page.HasNextPage);
        return page.Records.Select(CanonicalRecord.Encode).ToArray();
    }

    /// <summary>Every record's canonical bytes, in leaf index order, re-encoded from the reader's records.</summary>
    public static async Task<byte[][]> CanonicalEntriesAsync(Stores.TestStore db)
    {
        var page = await db.OpenReader().QueryAsync(new AuditQuery(First: 1000));
        Assert.False(page.HasNextPage);
        return page.Records.Select(CanonicalRecord.Encode).ToArray();
    }

    public static List<byte[]> StoredLeafHashes(TempDatabase db)
    {
        using var connection = db.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT leaf_hash FROM audit_records ORDER BY leaf_index;";
        using var rows = command.ExecuteReader();
        var hashes = new List<byte[]>();
        while (rows.Read())
        {
            hashes.Add(rows.GetFieldValue<byte[]>(0));
        }

        return hashes;
    }

    /// <summary>Runs SQL as someone with write access to the file would, bypassing the append-only triggers.</summary>
    public static void Tamper(TempDatabase db, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = db.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "DROP TRIGGER audit_records_no_update; DROP TRIGGER audit_records_no_delete; " + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
        SqliteConnection.ClearAllPools();
    }
}
