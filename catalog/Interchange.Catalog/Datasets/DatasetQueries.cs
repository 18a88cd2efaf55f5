using Interchange.Core.Regions;
using Interchange.Catalog.Schema;
using Interchange.Core.Storage;
using Interchange.Policies;
using Microsoft.EntityFrameworkCore;

namespace Interchange.Catalog.Datasets;

/// <summary>Reads of the catalogue: datasets joined with their list entries and providers.</summary>
public static class DatasetQueries
{
    public static async Task<Page<DatasetView>> SearchAsync(CatalogDbContext db, PolicySet policies, DatasetFilter filter, int first, string? after, CancellationToken cancellationToken)
    {
        var query = db.Datasets.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            // Case-insensitive for ASCII on both engines: SQLite's LIKE already is, PostgreSQL's is not, so both sides are
            // lower-cased (ASCII only under the C collation the stores use, as in SQLite), and the engines agree.
            var pattern = "%" + AsciiLower(EscapeLike(filter.Text.Trim())) + "%";
            query = query.Where(d => EF.Functions.Like(d.Id.ToLower(), pattern, "\\")
                || EF.Functions.Like(d.Title.ToLower(), pattern, "\\")
                || EF.Functions.Like(d.Description.ToLower(), pattern, "\\"));
        }

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

        var total = await query.LongCountAsync(cancellationToken);
        if (after is not null)
        {
            var afterId = Cursor.Decode(Cursor.Datasets, after);
            query = query.Where(d => string.Compare(d.Id, afterId) > 0);
        }

        var rows = await query.OrderBy(d => d.Id).Take(first + 1).ToListAsync(cancellationToken);
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
