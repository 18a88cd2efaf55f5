using Interchange.Audit.Proofs;
using Interchange.Audit.Tests.Checkpoints;
using Interchange.Audit.Tests.Stores;
using Interchange.Core.Storage;
using Interchange.Testing.Servers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Interchange.Audit.Tests.Postgres;

/// <summary>Storage:Provider and ConnectionStrings choose the store, with the same keys and rules as the other stores.</summary>
public sealed class PostgresServiceCollectionTests
{
    [Fact]
    public void UseStorage_NoProvider_IsSqliteAtThePath()
    {
        var options = new AuditOptions();

        options.UseStorage(Configuration(), "data/audit.db");

        Assert.Equal(StorageProvider.Sqlite, options.Provider);
        Assert.Equal("data/audit.db", options.DatabasePath);
        Assert.Null(options.ConnectionString);
    }

    [Fact]
    public void UseStorage_Postgres_PrefersConnectionStringsAuditOverTheSharedOne()
    {
        var shared = new AuditOptions();
        var own = new AuditOptions();

        shared.UseStorage(Configuration(("Storage:Provider", "postgres"), ("ConnectionStrings:Interchange", "Host=db;Database=interchange")), "data/audit.db");
        own.UseStorage(Configuration(("Storage:Provider", "Postgres"), ("ConnectionStrings:Interchange", "Host=db;Database=interchange"),
            ("ConnectionStrings:Audit", "Host=audit-db;Database=audit")), null);

        Assert.Equal(StorageProvider.Postgres, shared.Provider);
        Assert.Contains("Host=db", shared.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("Host=audit-db", own.ConnectionString, StringComparison.Ordinal);
        Assert.True(AuditOptions.UsesPostgres(Configuration(("Storage:Provider", " postgres "))));
        Assert.False(AuditOptions.UsesPostgres(Configuration()));
    }

    [Fact]
    public async Task AddAuditLog_PostgresWithoutAConnectionString_FailsAtStartNamingBothKeys()
    {
        var configuration = Configuration(("Storage:Provider", "Postgres"));
        using var host = BuildHost(services => services.AddAuditLog(a => a.UseStorage(configuration, "data/audit.db")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ConnectionStrings:Audit", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Interchange", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAuditLog_UnknownProvider_FailsAtStart()
    {
        var configuration = Configuration(("Storage:Provider", "Oracle"));
        using var host = BuildHost(services => services.AddAuditLog(a => a.UseStorage(configuration, "data/audit.db")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Oracle", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task AddAuditServices_OnPostgres_ShareOneStoreAndSeeEachOthersRecords()
    {
        await using var db = await PostgresTestStore.CreateAsync();
        using var key = new TempKey();
        var configuration = Configuration(("Storage:Provider", "Postgres"), ("ConnectionStrings:Interchange", db.Database.ConnectionString));
        var host = BuildHost(services => services
            .AddAuditLog(a => a.UseStorage(configuration, null))
            .AddAuditReader(a => a.UseStorage(configuration, null))
            .AddAuditProofs(a => a.UseStorage(configuration, null), o => (o.KeyPath, o.Origin, o.MayGenerate) = (key.KeyPath, TempKey.Origin, true)));
        await host.StartAsync();
        var log = host.Services.GetRequiredService<IAuditLog>();

        var appends = Enumerable.Range(0, 300).Select(i => log.AppendAsync(TestRecords.Allowed(i)).AsTask()).ToArray();
        var last = await log.AppendAsync(TestRecords.Denied(300));
        var page = await host.Services.GetRequiredService<AuditReader>().QueryAsync(new AuditQuery(Decision: AuditDecision.Denied));
        var head = await host.Services.GetRequiredService<AuditTree>().HeadAsync();
        var health = await host.Services.GetRequiredService<AuditLogHealthCheck>().CheckHealthAsync(new());
        await host.StopAsync();
        await ((IAsyncDisposable)host).DisposeAsync();

        Assert.IsType<PostgresAuditLog>(log);
        Assert.All(appends, append => Assert.True(append.IsCompletedSuccessfully));
        Assert.Equal(300, last);
        Assert.Equal(last, Assert.Single(page.Records).LeafIndex);
        Assert.Equal(301, head.Size);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, health.Status);
        Assert.Equal(301, await db.OpenReader().CountAsync());
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static IHost BuildHost(Action<IServiceCollection> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        configure(builder.Services);
        return builder.Build();
    }
}
