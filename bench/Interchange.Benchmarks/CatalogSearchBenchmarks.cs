using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Interchange.Catalog.Datasets;
using Interchange.Core.Agencies;
using Interchange.Core.Datasets;
using Interchange.Core.Storage;
using Interchange.Policies;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interchange.Benchmarks;

/// <summary>
/// The catalogue's <c>datasets(filter: {text})</c> (target: p95 ≤ 20 ms over 100,000 datasets) on its real query path,
/// <see cref="DatasetQueries.SearchAsync"/> (count + first page + providers) with a fresh <see cref="CatalogDbContext"/>
/// per query as the GraphQL resolver gets one, over a SQLite store of 100,000 generated datasets made once per run
/// (<see cref="Store"/>). GraphQL parsing and serialisation are not included. Per-query percentiles:
/// <c>dotnet run -c Release --project bench/Interchange.Benchmarks -- catalog-latency</c>.
/// </summary>
[MemoryDiagnoser]
public class CatalogSearchBenchmarks
{
    private DbContextOptions<CatalogDbContext> _options = null!;
    private PolicySet _policies = null!;

    /// <summary>A word in about half the descriptions; one dataset's id; a word in none (the full scan, nothing to page).</summary>
    [Params("licence", "ds-077777", "no-such-word")]
    public string Text { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _options = Store.Options();
        _policies = DemoPolicies.Load();
    }

    [Benchmark]
    public async Task<long> Search()
    {
        await using var db = new CatalogDbContext(_options);
        var page = await DatasetQueries.SearchAsync(db, _policies, new DatasetFilter(Text, null, null, null, null), 20, null, CancellationToken.None);
        return page.TotalCount;
    }

    /// <summary>Per-query latency percentiles for each search text, from a plain loop (BenchmarkDotNet reports per-iteration statistics).</summary>
    public static async Task<int> RunLatencyLoopAsync(int queries)
    {
        var options = Store.Options();
        var policies = DemoPolicies.Load();
        Console.WriteLine($"datasets(filter: {{text}}) over {Store.Datasets:N0} datasets, {queries} queries per text after 5 to warm up");
        Console.WriteLine("| text | matches | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var text in new[] { "licence", "ds-077777", "no-such-word" })
        {
            var filter = new DatasetFilter(text, null, null, null, null);
            var times = new double[queries];
            long total = 0;
            for (var i = -5; i < queries; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await using (var db = new CatalogDbContext(options))
                {
                    total = (await DatasetQueries.SearchAsync(db, policies, filter, 20, null, CancellationToken.None)).TotalCount;
                }

                if (i >= 0)
                {
                    times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }

            Array.Sort(times);
            Console.WriteLine($"| {text} | {total:N0} | {At(times, 0.50):F1} | {At(times, 0.95):F1} | {At(times, 0.99):F1} | {times[^1]:F1} |");
        }

        return 0;
    }

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];

    /// <summary>
    /// The generated catalogue: one SQLite file in the temporary folder, made by the first benchmark process of a run
    /// that needs it and reused by the others (<see cref="Program"/> deletes it when a run starts).
    /// </summary>
    internal static class Store
    {
        public const int Datasets = 100_000;
        public static readonly string FilePath = Path.Combine(Path.GetTempPath(), "interchange-bench-catalog-100k.db");

        private static readonly string[] Words =
        [
            "business", "licence", "household", "registration", "social", "insurance", "contribution", "tax", "land", "vehicle",
            "permit", "school", "enrolment", "hospital", "birth", "marriage", "pension", "housing", "fund", "water",
            "electricity", "environment", "inspection", "food", "safety", "drug", "medical", "court", "judgment", "company",
            "trademark", "patent", "customs", "export", "import", "statistics", "census", "population", "employment", "wage",
            "subsidy", "allowance", "disability", "veteran", "education", "teacher", "student", "transport", "road", "metro",
            "parking", "construction", "project", "procurement", "contract", "budget", "finance", "credit", "loan", "record",
            "登记", "信息", "数据", "许可", "证照", "社保", "户籍", "纳税", "不动产", "公积金",
        ];

        private static readonly string[] Regions = ["440000", "440100", "440106", "440300", "440304", "440305"];

        public static DbContextOptions<CatalogDbContext> Options()
        {
            EnsureCreated();
            return Build(FilePath);
        }

        private static DbContextOptions<CatalogDbContext> Build(string file)
        {
            // The connection the catalogue service opens (StoreConnection.Resolve on SQLite), on the generated file.
            var connection = StoreConnection.Resolve(new ConfigurationBuilder().Build(), StoreDefinition.Catalog, file);
            var builder = new DbContextOptionsBuilder<CatalogDbContext>();
            builder.UseStore(connection);
            return builder.Options;
        }

        private static void EnsureCreated()
        {
            if (File.Exists(FilePath))
            {
                return;
            }

            var building = FilePath + "." + Environment.ProcessId + ".tmp";
            var options = Build(building);
            using (var db = new CatalogDbContext(options))
            {
                StoreMigrator.MigrateAsync(db, StoreDefinition.Catalog, NullLogger.Instance).GetAwaiter().GetResult();
                Fill(db);
            }

            SqliteConnection.ClearAllPools();
            File.Move(building, FilePath, overwrite: true);
        }

        private static void Fill(CatalogDbContext db)
        {
            var random = new Random(20261124);
            var now = DateTimeOffset.UtcNow;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var providers = Enumerable.Range(0, 50).Select(i => new Agency
            {
                Id = $"bench-agency-{i:D2}",
                Name = $"Benchmark agency {i}",
                Region = Regions[i % Regions.Length],
                Roles = [AgencyRoles.Provider],
            }).ToList();
            db.Agencies.AddRange(providers);
            db.SaveChanges();

            using var transaction = db.Database.BeginTransaction();
            for (var i = 0; i < Datasets; i++)
            {
                var provider = providers[random.Next(providers.Count)];
                db.Datasets.Add(new Dataset
                {
                    Id = $"ds-{i:D6}",
                    Title = $"{Title(random)} ({Words[60 + random.Next(10)]})",
                    Description = Sentence(random, 30 + random.Next(30)),
                    ProviderId = provider.Id,
                    Region = provider.Region,
                    SourceUrl = new Uri($"https://source-{i % 50}.example.gov.cn/datasets/{i}"),
                    SharingType = (SharingType)(i % 3),
                    Classification = Classification.General,
                    UpdateFrequency = "daily",
                    RegisteredAt = now,
                    UpdatedAt = now,
                });
                if (i % 5000 == 4999)
                {
                    db.SaveChanges();
                    db.ChangeTracker.Clear();
                }
            }

            db.SaveChanges();
            transaction.Commit();
        }

        private static string Title(Random random) =>
            string.Join(' ', Enumerable.Range(0, 3).Select(_ => Words[random.Next(60)]));

        private static string Sentence(Random random, int words) =>
            string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)])) + ".";
    }
}
