using System.Linq.Expressions;
using Interchange.Core.Datasets;
using Interchange.Core.Regions;
using Interchange.Catalog.Schema;
using Interchange.Core.Storage;
using Interchange.Policies;
using Microsoft.EntityFrameworkCore;

namespace Interchange.Catalog.Datasets;

/// <summary>Reads of the catalogue: datasets joined with their list entries and providers.</summary>
public static class DatasetQueries
{
    /// <summary>
    /// The most rows a text search reads in id order to fill a page before it asks the index for the page instead
    /// (about 2 ms of <c>LIKE</c> on SQLite; the index's page costs in proportion to the number of matches).
    /// </summary>
    private const int MaxWalk = 4096;

    /// <summary>A walk is sized to meet this many times the matches a page needs, so that matches spread unevenly rarely leave it short.</summary>
    private const int WalkMargin = 4;

    /// <summary>
    /// One page of the datasets that pass every filter, ordered by id, after the dataset <paramref name="after"/> names,
    /// and how many datasets pass (wherever the page is).
    /// </summary>
    /// <remarks>
    /// The text filter matches a substring of the id, title or description, case-insensitive for ASCII only
    /// (<c>lower(column) LIKE '%text%'</c>, with the text's <c>%</c>, <c>_</c> and <c>\</c> taken literally), on both
    /// engines. On PostgreSQL that comparison is the query, and the pg_trgm indexes of migration <c>DatasetTextSearch</c>
    /// serve it when the extension could be installed. On SQLite texts of three characters or more are looked up in the
    /// trigram index instead (<see cref="DatasetTextIndex"/>), which matches exactly the same datasets.
    /// </remarks>
    public static async Task<Page<DatasetView>> SearchAsync(CatalogDbContext db, PolicySet policies, DatasetFilter filter, int first, string? after, CancellationToken cancellationToken)
    {
        var afterId = after is null ? null : Cursor.Decode(Cursor.Datasets, after);
        // Case-insensitive for ASCII on both engines: SQLite's LIKE already is, PostgreSQL's is not, so both sides are
        // lower-cased (ASCII only under the C collation the stores use, as in SQLite), and the engines agree.
        var text = string.IsNullOrWhiteSpace(filter.Text) ? null : AsciiLower(filter.Text.Trim());
        var filtered = WithOtherFilters(db.Datasets.AsNoTracking(), filter);

        long total;
        List<Dataset> rows;
        if (text is not null && DatasetTextIndex.Covers(db, text))
        {
            (total, rows) = await SearchIndexedAsync(db, filter, filtered, text, afterId, first, cancellationToken);
        }
        else
        {
            var query = text is null ? filtered : filtered.Where(ContainsText(text));
            total = await query.LongCountAsync(cancellationToken);
            rows = await PageOf(query, afterId, first).ToListAsync(cancellationToken);
        }

        var providerIds = rows.Select(r => r.ProviderId).Distinct().ToList();
        var providers = await db.Agencies.AsNoTracking().Where(a => providerIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var views = rows.Take(first)
            .Select(d => new DatasetView(d, policies.TryGetEntry(d.Id, out var entry) ? entry : null, providers.GetValueOrDefault(d.ProviderId)))
            .ToList();
        return new Page<DatasetView>(views, v => Cursor.Encode(Cursor.Datasets, v.Dataset.Id), rows.Count > first, total);
    }

    public static async Task<DatasetView?> FindAsync(CatalogDbContext db, PolicySet policies, string id, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null)
        {
            return null;
        }

        var provider = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == dataset.ProviderId, cancellationToken);
        return new DatasetView(dataset, policies.TryGetEntry(id, out var entry) ? entry : null, provider);
    }

    /// <summary>
    /// A text search on SQLite's trigram index: the count from the index, and the page (up to <paramref name="first"/> + 1
    /// rows) from whichever of two ways costs less for that count.
    /// </summary>
    /// <remarks>
    /// The index yields matches in no useful order, so a page from it costs in proportion to the number of matches
    /// (each is looked up, then the first few by id kept). When many datasets match, reading the rows in id order and
    /// testing each with <c>LIKE</c> finds a page after a few dozen rows instead: that walk is bounded, sized from the
    /// share of datasets that match, and a walk that falls short (matches bunched further on, or the last page) is
    /// followed by the index's page.
    /// </remarks>
    private static async Task<(long Total, List<Dataset> Rows)> SearchIndexedAsync(
        CatalogDbContext db, DatasetFilter filter, IQueryable<Dataset> filtered, string text, string? afterId, int first, CancellationToken cancellationToken)
    {
        var matchingIds = DatasetTextIndex.MatchingIds(db, text);
        var matching = filtered.Where(d => matchingIds.Contains(d.Id));
        var total = HasOtherFilters(filter)
            ? await matching.LongCountAsync(cancellationToken)
            : await DatasetTextIndex.CountAsync(db, text, cancellationToken);
        if (total == 0)
        {
            return (0, []);
        }

        var walk = WalkMargin * (first + 1L) * await DatasetTextIndex.DatasetsAtMostAsync(db, cancellationToken) / total;
        if (walk <= MaxWalk)
        {
            var window = db.Datasets.AsNoTracking();
            if (afterId is not null)
            {
                window = window.Where(d => string.Compare(d.Id, afterId) > 0);
            }

            var walked = WithOtherFilters(window.OrderBy(d => d.Id).Take((int)walk), filter).Where(ContainsText(text));
            var rows = await walked.OrderBy(d => d.Id).Take(first + 1).ToListAsync(cancellationToken);
            if (rows.Count > first || (afterId is null && rows.Count == total))
            {
                return (total, rows);
            }
        }

        return (total, await PageOf(matching, afterId, first).ToListAsync(cancellationToken));
    }

    private static IQueryable<Dataset> WithOtherFilters(IQueryable<Dataset> query, DatasetFilter filter)
    {
        if (filter.Region is not null)
        {
            var prefix = RegionCodes.Prefix(filter.Region);
            query = query.Where(d => d.Region.StartsWith(prefix));
        }

        if (filter.Provider is not null)
        {
            query = query.Where(d => d.ProviderId == filter.Provider);
        }

        if (filter.SharingType is { } sharing)
        {
            query = query.Where(d => d.SharingType == sharing);
        }

        if (filter.Classification is { } classification)
        {
            query = query.Where(d => d.Classification == classification);
        }

        return query;
    }

    private static bool HasOtherFilters(DatasetFilter filter) =>
        filter.Region is not null || filter.Provider is not null || filter.SharingType is not null || filter.Classification is not null;

    /// <summary>The text filter as the engines compare it; <paramref name="loweredText"/> is already lower-cased (ASCII).</summary>
    private static Expression<Func<Dataset, bool>> ContainsText(string loweredText)
    {
        var pattern = "%" + EscapeLike(loweredText) + "%";
        return d => EF.Functions.Like(d.Id.ToLower(), pattern, "\\")
            || EF.Functions.Like(d.Title.ToLower(), pattern, "\\")
            || EF.Functions.Like(d.Description.ToLower(), pattern, "\\");
    }

    /// <summary>Up to <paramref name="first"/> + 1 rows after <paramref name="afterId"/> by id: one more than the page tells whether another follows.</summary>
    private static IQueryable<Dataset> PageOf(IQueryable<Dataset> query, string? afterId, int first)
    {
        if (afterId is not null)
        {
            query = query.Where(d => string.Compare(d.Id, afterId) > 0);
        }

        return query.OrderBy(d => d.Id).Take(first + 1);
    }

    private static string AsciiLower(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] + 32) : source[i];
            }
        });

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
