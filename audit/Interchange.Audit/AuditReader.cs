using System.Data.Common;
using System.Text;
using Interchange.Audit.Storage;
using Microsoft.Extensions.Options;

namespace Interchange.Audit;

/// <summary>
/// Auditors' queries over the log, on SQLite or PostgreSQL alike. Each query opens its own connection, so it sees
/// every record committed so far, also by a log in another process, and never blocks the writer.
/// </summary>
public sealed class AuditReader
{
    /// <summary>Larger pages are cut to this size; <see cref="AuditPage.HasNextPage"/> stays right.</summary>
    internal const int MaxFirst = 1000;

    private const string SizeSql = "SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM audit_records";

    private const string IndexedUptoSql = "SELECT indexed_upto FROM audit_subject_index WHERE id = 1";

    private readonly AuditStore _store;

    /// <summary>A reader with a store of its own, created (or upgraded) now.</summary>
    /// <exception cref="AuditUnavailableException">The database cannot be opened.</exception>
    public AuditReader(IOptions<AuditOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = AuditStore.Open(options.Value);
    }

    /// <summary>A reader on the service container's store, shared with the log and the tree.</summary>
    internal AuditReader(AuditStore store) => _store = store;

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
        catch (DbException exception)
        {
            throw Unavailable(exception);
        }
    }

    /// <summary>
    /// Every record naming the subject hash (<see cref="Subjects.SubjectHasher.Hash"/>), oldest first, at most
    /// <paramref name="limit"/> of them; <see cref="AuditPage.HasNextPage"/> says whether there were more.
    /// </summary>
    /// <exception cref="AuditUnavailableException">The database cannot be read.</exception>
    public async Task<AuditPage> SubjectRecordsAsync(string subjectHash, int limit, CancellationToken cancellationToken = default)
    {
        if (!Subjects.SubjectHashes.IsHash(subjectHash))
        {
            throw new ArgumentException("A subject hash is 64 lowercase hex digits.", nameof(subjectHash));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        // The index holds the subjects of the records before indexed_upto; the writers add the rest in runs
        // (IAuditWriter.IndexSubjects), so the records past it are read from their own subjects column, where a
        // hash appears quoted. Both in one snapshot: a run committing meanwhile is seen entirely or not at all.
        var pattern = "%\"" + subjectHash + "\"%";
        try
        {
            await using var session = await _store.BeginReadAsync(snapshot: true, cancellationToken).ConfigureAwait(false);
            long total;
            await using (var count = session.Command(
                "SELECT (SELECT COUNT(*) FROM audit_subjects WHERE subject = @subject AND leaf_index < (" + IndexedUptoSql + ")) + " +
                "(SELECT COUNT(*) FROM audit_records WHERE leaf_index >= (" + IndexedUptoSql + ") AND subjects LIKE @pattern)"))
            {
                AuditReadSession.Add(count, "@subject", subjectHash);
                AuditReadSession.Add(count, "@pattern", pattern);
                total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            }

            var records = new List<AuditRecord>((int)Math.Min(total, limit));
            await using (var select = session.Command("SELECT " + AuditSchema.Columns + " FROM audit_records WHERE leaf_index IN " +
                "(SELECT leaf_index FROM audit_subjects WHERE subject = @subject AND leaf_index < (" + IndexedUptoSql + ") " +
                "UNION ALL SELECT leaf_index FROM audit_records WHERE leaf_index >= (" + IndexedUptoSql + ") AND subjects LIKE @pattern) " +
                "ORDER BY leaf_index LIMIT @limit"))
            {
                AuditReadSession.Add(select, "@subject", subjectHash);
                AuditReadSession.Add(select, "@pattern", pattern);
                AuditReadSession.Add(select, "@limit", limit);
                await using var rows = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    records.Add(AuditRecordMapping.Read(rows));
                }
            }

            return new AuditPage(records, total > records.Count, total);
        }
        catch (DbException exception)
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
            await using var session = await _store.BeginReadAsync(snapshot: false, cancellationToken).ConfigureAwait(false);
            // Leaf indexes are contiguous from 0, so the size is one lookup instead of a table scan.
            await using var command = session.Command(SizeSql);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch (DbException exception)
        {
            throw Unavailable(exception);
        }
    }

    private async Task<AuditPage> ReadPageAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var first = Math.Min(query.First, MaxFirst);

        var filter = new List<(string Condition, string Name, object Value)>();
        AddFilters(query, filter);

        // One read transaction, so the count and the page come from the same snapshot.
        await using var session = await _store.BeginReadAsync(snapshot: true, cancellationToken).ConfigureAwait(false);

        long total;
        await using (var count = CreateCommand(session, filter, filter.Count == 0 ? SizeSql : "SELECT COUNT(*) FROM audit_records"))
        {
            total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (query.AfterLeafIndex is { } after)
        {
            filter.Add(("leaf_index > @after", "@after", after));
        }

        var records = new List<AuditRecord>(Math.Min(first, 64));
        var hasNextPage = false;
        var select = "SELECT " + AuditSchema.Columns + " FROM audit_records";
        await using (var page = CreateCommand(session, filter, select, " ORDER BY leaf_index LIMIT @limit"))
        {
            // One row more than asked for tells whether there is a next page without a second query.
            AuditReadSession.Add(page, "@limit", first + 1);
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
            filter.Add(("agency = @agency", "@agency", query.Agency));
        }

        if (query.Dataset is not null)
        {
            filter.Add(("dataset = @dataset", "@dataset", query.Dataset));
        }

        if (query.Purpose is not null)
        {
            filter.Add(("purpose = @purpose", "@purpose", query.Purpose));
        }

        if (query.Case is not null)
        {
            filter.Add(("case_ref = @case", "@case", query.Case));
        }

        if (query.Decision is { } decision)
        {
            filter.Add(("decision = @decision", "@decision", AuditRecordMapping.ToText(decision)));
        }

        if (query.From is { } from)
        {
            filter.Add(("time_us >= @from", "@from", UnixMicroseconds.From(from)));
        }

        if (query.To is { } to)
        {
            filter.Add(("time_us < @to", "@to", UnixMicroseconds.From(to)));
        }
    }

    private static DbCommand CreateCommand(
        AuditReadSession session,
        List<(string Condition, string Name, object Value)> filter,
        string head,
        string tail = "")
    {
        // Only constant fragments reach the SQL text; every value is a parameter.
        var sql = new StringBuilder(head);
        for (var i = 0; i < filter.Count; i++)
        {
            sql.Append(i == 0 ? " WHERE " : " AND ").Append(filter[i].Condition);
        }

        var command = session.Command(sql.Append(tail).ToString());
        foreach (var (_, name, value) in filter)
        {
            AuditReadSession.Add(command, name, value);
        }

        return command;
    }

    private AuditUnavailableException Unavailable(DbException exception)
    {
        _store.ConnectionFailed();
        return new($"The audit database '{_store.Location}' cannot be read.", exception);
    }
}
