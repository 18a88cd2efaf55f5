using Interchange.Audit.Checkpoints;
using Interchange.Audit.Proofs;
using Interchange.Audit.Tests.Checkpoints;
using Microsoft.Extensions.Configuration;
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

        Assert.IsType<SqliteAuditLog>(host.Services.GetRequiredService<IAuditLog>());
        Assert.Same(host.Services.GetRequiredService<IAuditLog>(), host.Services.GetRequiredService<IAuditLog>());
        Assert.True(File.Exists(db.DatabasePath));
        await host.StopAsync();
    }

    [Fact]
    public async Task AddAuditLog_TakesTheWritersTuningFromConfiguration_AndItsPlaceFromTheService()
    {
        using var db = new TempDatabase();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Audit:MaxBatch"] = "1",
            ["Audit:SubjectIndexRun"] = "17",
            ["Audit:SubjectIndexDelay"] = "00:00:02",
            ["Audit:DatabasePath"] = "/nowhere/else.db",
        });
        builder.Services.AddAuditLog(o => o.DatabasePath = db.DatabasePath);
        using var host = builder.Build();
        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<AuditOptions>>().Value;
        Assert.Equal(1, options.MaxBatch);
        Assert.Equal(17, options.SubjectIndexRun);
        Assert.Equal(TimeSpan.FromSeconds(2), options.SubjectIndexDelay);
        Assert.Equal(db.DatabasePath, options.DatabasePath);
        Assert.Equal(0, await host.Services.GetRequiredService<IAuditLog>().AppendAsync(TestRecords.Allowed()));
        await host.StopAsync();
    }

    [Fact]
    public async Task AddAuditLog_ConfiguredTuningOutOfRange_FailsAtStart()
    {
        using var db = new TempDatabase();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Audit:SubjectIndexRun"] = "0" });
        builder.Services.AddAuditLog(o => o.DatabasePath = db.DatabasePath);
        using var host = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(nameof(AuditOptions.SubjectIndexRun), refused.Message, StringComparison.Ordinal);
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

    [Fact]
    public async Task AddAuditProofs_ResolvesATreeOverTheLogAndASignerWhoseCheckpointsVerify()
    {
        using var db = new TempDatabase();
        using var key = new TempKey();
        await using (var log = db.OpenLog())
        {
            await log.AppendAsync(TestRecords.Allowed());
        }

        using var host = BuildHost(services => services.AddAuditProofs(
            o => o.DatabasePath = db.DatabasePath,
            o => (o.KeyPath, o.Origin, o.MayGenerate) = (key.KeyPath, TempKey.Origin, true)));
        await host.StartAsync();
        var tree = host.Services.GetRequiredService<AuditTree>();
        var signer = host.Services.GetRequiredService<CheckpointSigner>();

        var head = await tree.HeadAsync();

        Assert.Equal(1, head.Size);
        Assert.True(CheckpointVerifier.TryVerify(signer.Sign(head), signer.VerifierKey, out var verified));
        Assert.Equal(head, verified);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddAuditProofs_MissingKeyThatMayNotBeGenerated_FailsAtStartNamingThePath()
    {
        using var db = new TempDatabase();
        using var key = new TempKey();
        using var host = BuildHost(services => services.AddAuditProofs(
            o => o.DatabasePath = db.DatabasePath,
            o => (o.KeyPath, o.Origin) = (key.KeyPath, TempKey.Origin)));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains(key.KeyPath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAuditProofs_OriginWithASpace_FailsAtStart()
    {
        using var db = new TempDatabase();
        using var key = new TempKey();
        using var host = BuildHost(services => services.AddAuditProofs(
            o => o.DatabasePath = db.DatabasePath,
            o => (o.KeyPath, o.Origin, o.MayGenerate) = (key.KeyPath, "interchange example", true)));

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.False(File.Exists(key.KeyPath));
    }

    private static IHost BuildHost(Action<IServiceCollection> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        configure(builder.Services);
        return builder.Build();
    }
}
