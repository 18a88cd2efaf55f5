using Interchange.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Interchange.Catalog.Datasets;

/// <summary>
/// The SQLite store's trigram index of dataset text (<c>dataset_search</c>, made and kept in step with <c>datasets</c>
/// by the migration <c>DatasetTextSearch</c>): which datasets hold a text, without reading every row.
/// </summary>
/// <remarks>
/// The index holds <c>lower(Id) || char(1) || lower(Title) || char(1) || lower(Description)</c> per dataset under a
/// case-sensitive trigram tokenizer, and is asked for the phrase of the text lower-cased the same way (ASCII only). A
/// phrase of three characters or more matches where every one of its trigrams follows the one before, which is where
/// the text itself stands; a text without <c>char(1)</c> cannot stand across a separator. So the index matches exactly
/// the datasets that <c>lower(column) LIKE '%text%'</c> matches on one of the three columns, and no row is re-checked.
/// Shorter texts have no trigram to look up (FTS5 answers them with no rows), so they are searched by reading the rows.
/// </remarks>
internal static class DatasetTextIndex
{
    /// <summary>Whether <paramref name="text"/> (trimmed, not empty) can be looked up in the index of <paramref name="db"/>'s store.</summary>
    public static bool Covers(CatalogDbContext db, string text) =>
        db.Database.IsSqlite() && HasTrigram(text) && !text.Contains('\u0001', StringComparison.Ordinal) && !text.Contains('\0', StringComparison.Ordinal);

    /// <summary>How many datasets hold the text, with no other filter: counted in the index alone.</summary>
    public static Task<long> CountAsync(CatalogDbContext db, string loweredText, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<long>($"""SELECT COUNT(*) AS "Value" FROM "dataset_search" WHERE "dataset_search" MATCH {Phrase(loweredText)}""")
            .SingleAsync(cancellationToken);

    /// <summary>The ids of the datasets that hold the text, for composing with the other filters.</summary>
    public static IQueryable<string> MatchingIds(CatalogDbContext db, string loweredText) =>
        db.Database.SqlQuery<string>($"""
            SELECT k."Id" AS "Value"
            FROM "dataset_search" JOIN "dataset_search_keys" AS k ON k."RowId" = "dataset_search".rowid
            WHERE "dataset_search" MATCH {Phrase(loweredText)}
            """);

    /// <summary>
    /// An upper bound of the number of datasets (every dataset ever indexed has had a key), read from the end of the
    /// keys' rowid tree rather than counted.
    /// </summary>
    public static Task<long> DatasetsAtMostAsync(CatalogDbContext db, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<long>($"""SELECT COALESCE(MAX("RowId"), 0) AS "Value" FROM "dataset_search_keys" """).SingleAsync(cancellationToken);

    /// <summary>An FTS5 phrase: the text in double quotes, its own double quotes doubled; nothing inside is syntax.</summary>
    private static string Phrase(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Three characters or more, as the trigram tokenizer counts them (Unicode scalar values; a lone surrogate is stored as one U+FFFD).</summary>
    private static bool HasTrigram(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            if (++count == 3)
            {
                return true;
            }
        }

        return false;
    }
}
