using Interchange.Core.Datasets;
using Interchange.Core.Seed;
using Interchange.Core.Storage;
using Interchange.Policies;
using Interchange.ServiceDefaults.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Interchange.Catalog.Storage;

/// <summary>Migrates the catalogue store, applies the scenario seed, and keeps list-derived columns in step with the lists.</summary>
public static partial class CatalogDatabase
{
    public static async Task InitializeCatalogAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<CatalogOptions>>().Value;
        var policies = app.Services.GetRequiredService<PolicyStore>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CatalogDatabase));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            await StoreMigrator.MigrateAsync(db, StoreDefinition.Catalog, logger);
            if (options.SeedFile is not null)
            {
                await ApplySeedAsync(db, ScenarioSeed.Load(options.SeedFile), options.SeedSourcesBaseUrl, time.GetUtcNow());
            }

            await SynchroniseAsync(db, policies.Current, time.GetUtcNow(), logger);
        }

        // A new list version changes what the catalogue shows at once.
        policies.Changed += set => _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = app.Services.CreateAsyncScope();
                await SynchroniseAsync(scope.ServiceProvider.GetRequiredService<CatalogDbContext>(), set, time.GetUtcNow(), logger);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or ObjectDisposedException)
            {
                LogSyncFailed(logger, e);
            }
        });
    }

    /// <summary><c>migrate</c>: brings the catalogue store up to date and exits, without starting the service (see <see cref="MigrateCommand"/>).</summary>
    public static Task<int> MigrateCommandAsync(string[] args) =>
        MigrateCommand.RunAsync<CatalogDbContext>(args, "catalog", StoreDefinition.Catalog, builder =>
            builder.Services.AddCatalogStore(builder.Configuration, builder.Configuration[$"{CatalogOptions.Section}:{nameof(CatalogOptions.DatabasePath)}"]));

    /// <summary>Registers the seed's agencies and datasets; a second start updates them (e.g. the demo sources' address).</summary>
    public static async Task ApplySeedAsync(CatalogDbContext db, ScenarioSeed seed, Uri? sourcesBase, DateTimeOffset now)
    {
        foreach (var seeded in seed.Agencies)
        {
            var agency = await db.Agencies.FindAsync(seeded.Id);
            if (agency is null)
            {
                db.Agencies.Add(seeded.ToAgency());
            }
            else
            {
                agency.Name = seeded.Name;
                agency.Region = seeded.Region;
                agency.Roles = [.. seeded.Roles];
            }
        }

        await db.SaveChangesAsync();
        foreach (var seeded in seed.Datasets)
        {
            var dataset = await db.Datasets.FindAsync(seeded.Id);
            if (dataset is null)
            {
                db.Datasets.Add(new Dataset
                {
                    Id = seeded.Id,
                    Title = seeded.Title,
                    Description = seeded.Description,
                    ProviderId = seeded.Provider,
                    Region = seeded.Region,
                    SourceUrl = seeded.SourceUrl(sourcesBase),
                    UpdateFrequency = seeded.UpdateFrequency,
                    RegisteredAt = now,
                    UpdatedAt = now,
                });
            }
            else
            {
                dataset.SourceUrl = seeded.SourceUrl(sourcesBase);
                dataset.UpdatedAt = now;
            }
        }

        await db.SaveChangesAsync();
    }

    /// <summary>Copies sharing type and classification from the lists; a dataset no entry of its provider lists is not shared.</summary>
    public static async Task SynchroniseAsync(CatalogDbContext db, PolicySet policies, DateTimeOffset now, ILogger logger)
    {
        var datasets = await db.Datasets.ToListAsync();
        foreach (var dataset in datasets)
        {
            var sharing = SharingType.NotShared;
            var classification = dataset.Classification;
            if (policies.TryGetEntry(dataset.Id, out var entry))
            {
                if (entry.ProviderId == dataset.ProviderId)
                {
                    sharing = entry.Sharing;
                    classification = entry.Classification;
                }
                else
                {
                    LogForeignEntry(logger, dataset.Id, entry.ProviderId, dataset.ProviderId);
                }
            }

            if (dataset.SharingType != sharing || dataset.Classification != classification)
            {
                dataset.SharingType = sharing;
                dataset.Classification = classification;
                dataset.UpdatedAt = now;
            }
        }

        await db.SaveChangesAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The list of {ListProvider} names dataset {Dataset}, which {Provider} provides; the entry is ignored")]
    private static partial void LogForeignEntry(ILogger logger, string dataset, string listProvider, string provider);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not bring the catalogue in step with a new list version")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
