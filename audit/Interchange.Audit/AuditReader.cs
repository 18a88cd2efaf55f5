using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Interchange.Audit;

/// <summary>
/// Auditors' queries over the log. Each query opens its own read-only connection, so it sees every
/// record committed so far, also by a log in another process, and never blocks the writer (WAL).
/// </summary>
public sealed class AuditReader
{
    /// <summary>Larger pages are cut to this size; <see cref="AuditPage.HasNextPage"/> stays right.</summary>
    internal const int MaxFirst = 1000;

    private const string SizeSql = "SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM audit_records";

    private readonly AuditOptions _options;

    public AuditReader(IOptions<AuditOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        try
        {
            AuditSchema.EnsureCreated(_options);
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new AuditUnavailableException($"The audit database '{AuditSchema.FullPath(_options)}' cannot be opened.", exception);
        }
    }

    /// <summary>Records matching the filter, oldest first, after the cursor.</summary>
    /// <exception cref="AuditUnavailableException">The database cannot be read.</exception>
    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.First, nameof(query));
        try
        {
            return await ReadPageAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception)
        {
            throw Unavailable(exception);
        }
    }

    /// <summary>The size of the log: the number of records appended so far.</summary>
    /// <exception cref="AuditUnavailableException">The database cannot be read.</exception>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = Open();
            await using var command = connection.CreateCommand();
            // Leaf indexes are contiguous from 0, so the size is one lookup instead of a table scan.
            command.CommandText = SizeSql;
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch (SqliteException exception)
        {
            throw Unavailable(exception);
        }
    }

    private async Task<AuditPage> ReadPageAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var first = Math.Min(query.First, MaxFirst);

        var filter = new List<(string Condition, string Name, object Value)>();
        AddFilters(query, filter);

        await using var connection = Open();
        // One read transaction, so the count and the page come from the same snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);

        long total;
        await using (var count = CreateCommand(connection, transaction, filter, filter.Count == 0 ? SizeSql : "SELECT COUNT(*) FROM audit_records"))
        {
            total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (query.AfterLeafIndex is { } after)
        {
            filter.Add(("leaf_index > $after", "$after", after));
        }

        var records = new List<AuditRecord>(Math.Min(first, 64));
        var hasNextPage = false;
        var select = "SELECT " + AuditSchema.Columns + " FROM audit_records";
        await using (var page = CreateCommand(connection, transaction, filter, select, " ORDER BY leaf_index LIMIT $limit"))
        {
            // One row more than asked for tells whether there is a next page without a second query.
            page.Parameters.AddWithValue("$limit", first + 1);
            await using var rows = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (records.Count == first)
                {
                    hasNextPage = true;
                    break;
                }

                records.Add(AuditRecordMapping.Read(rows));
            }
        }

        return new AuditPage(records, hasNextPage, total);
    }

    private static void AddFilters(AuditQuery query, List<(string Condition, string Name, object Value)> filter)
    {
        if (query.Agency is not null)
        {
            filter.Add(("agency = $agency", "$agency", query.Agency));
        }

        if (query.Dataset is not null)
        {
            filter.Add(("dataset = $dataset", "$dataset", query.Dataset));
        }

        if (query.Purpose is not null)
        {
            filter.Add(("purpose = $purpose", "$purpose", query.Purpose));
        }

        if (query.Case is not null)
        {
            filter.Add(("case_ref = $case", "$case", query.Case));
        }

        if (query.Decision is { } decision)
        {
            filter.Add(("decision = $decision", "$decision", AuditRecordMapping.ToText(decision)));
        }

        if (query.From is { } from)
        {
            filter.Add(("time_us >= $from", "$from", UnixMicroseconds.From(from)));
        }

        if (query.To is { } to)
        {
            filter.Add(("time_us < $to", "$to", UnixMicroseconds.From(to)));
        }
    }

    private static SqliteCommand CreateCommand(
        SqliteConnection connection,
        SqliteTransaction transaction,
        List<(string Condition, string Name, object Value)> filter,
        string head,
        string tail = "")
    {
        // Only constant fragments reach the SQL text; every value is a parameter.
        var sql = new StringBuilder(head);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        for (var i = 0; i < filter.Count; i++)
        {
            sql.Append(i == 0 ? " WHERE " : " AND ").Append(filter[i].Condition);
            command.Parameters.AddWithValue(filter[i].Name, filter[i].Value);
        }

        command.CommandText = sql.Append(tail).ToString();
        return command;
    }

    private AuditUnavailableException Unavailable(SqliteException exception) =>
        new($"The audit database '{AuditSchema.FullPath(_options)}' cannot be read.", exception);

    private SqliteConnection Open() => AuditSchema.Open(_options, SqliteOpenMode.ReadOnly, pooling: true);
}
