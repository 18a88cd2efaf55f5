using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Interchange.Audit.Tests;

public sealed class AuditServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddAuditLog_HostShutdown_DrainsEveryQueuedAppend()
    {
        using var db = new TempDatabase();
        var host = BuildHost(services => services.AddAuditLog(o => o.DatabasePath = db.DatabasePath));
        await host.StartAsync();
        var log = host.Services.GetRequiredService<IAuditLog>();

        var appends = Enumerable.Range(0, 500).Select(i => log.AppendAsync(TestRecords.Allowed(i)).AsTask()).ToArray();
        await host.StopAsync();
        await ((IAsyncDisposable)host).DisposeAsync();

        Assert.All(appends, append => Assert.True(append.IsCompletedSuccessfully));
        Assert.Equal(500, await db.OpenReader().CountAsync());
    }

    [Fact]
    public async Task AddAuditLog_ResolvesOneSqliteLogAsTheAuditLog()
    {
        using var db = new TempDatabase();
        using var host = BuildHost(services => services.AddAuditLog(o => o.DatabasePath = db.DatabasePath));
        await host.StartAsync();

        Assert.Same(host.Services.GetRequiredService<SqliteAuditLog>(), host.Services.GetRequiredService<IAuditLog>());
        Assert.True(File.Exists(db.DatabasePath));
        await host.StopAsync();
    }

    [Fact]
    public async Task AddAuditLog_WithoutADatabasePath_FailsAtStart()
    {
        using var host = BuildHost(services => services.AddAuditLog(_ => { }));

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    [Fact]
    public async Task AddAuditReader_AtStart_CreatesTheDirectoryAndSchema()
    {
        using var db = new TempDatabase();
        using var host = BuildHost(services => services.AddAuditReader(o => o.DatabasePath = db.DatabasePath));

        await host.StartAsync();

        Assert.True(File.Exists(db.DatabasePath));
        Assert.Equal(0, await host.Services.GetRequiredService<AuditReader>().CountAsync());
        await host.StopAsync();
    }

    [Fact]
    public async Task AddAuditReader_InAnotherHost_SeesTheLogHostsAppends()
    {
        using var db = new TempDatabase();
        using var logHost = BuildHost(services => services.AddAuditLog(o => o.DatabasePath = db.DatabasePath));
        using var readerHost = BuildHost(services => services.AddAuditReader(o => o.DatabasePath = db.DatabasePath));
        await Task.WhenAll(logHost.StartAsync(), readerHost.StartAsync());

        var index = await logHost.Services.GetRequiredService<IAuditLog>().AppendAsync(TestRecords.Denied(7));
        var page = await readerHost.Services.GetRequiredService<AuditReader>().QueryAsync(new AuditQuery(Decision: AuditDecision.Denied));

        Assert.Equal(index, Assert.Single(page.Records).LeafIndex);
        await Task.WhenAll(logHost.StopAsync(), readerHost.StopAsync());
    }

    private static IHost BuildHost(Action<IServiceCollection> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        configure(builder.Services);
        return builder.Build();
    }
}
