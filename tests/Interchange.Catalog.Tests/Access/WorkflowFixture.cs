using Interchange.Catalog.Access;
using Interchange.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Interchange.Catalog.Tests.Access;

/// <summary>
/// The whole interchange on one fake clock, shared by identity, catalogue and gateway, starting on a
/// Wednesday at 10:00 China Standard Time. Each test takes agencies of its own from a pool of consumers, so
/// listings and pending-request checks of one test never see another's objects.
/// </summary>
public class WorkflowFixture : InterchangeFixture
{
    /// <summary>Wednesday 2026-11-25, 10:00 CST.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    private const int PoolSize = 60;

    private int _taken;

    private IServiceProvider? _catalog;

    /// <summary>How often the catalogue's expiry monitor scans, on the fake clock.</summary>
    public static readonly TimeSpan ExpiryScanInterval = TimeSpan.FromMinutes(10);

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>A consumer-only agency of Shenzhen that no other test uses.</summary>
    public string NewConsumer()
    {
        var n = Interlocked.Increment(ref _taken);
        Assert.True(n <= PoolSize, "the fixture's pool of test consumers is used up; raise PoolSize");
        return $"test-consumer-{n:00}";
    }

    /// <summary>One run of the expiry scan, in the catalogue itself.</summary>
    public async Task<int> RecordExpiriesAsync()
    {
        Assert.NotNull(_catalog);
        await using var scope = _catalog.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AccessWorkflow>().RecordExpiriesAsync(CancellationToken.None);
    }

    protected override Task ArrangeAsync(TestScenario scenario)
    {
        for (var i = 1; i <= PoolSize; i++)
        {
            scenario.AddAgency($"test-consumer-{i:00}", "440300", "consumer");
        }

        return Task.CompletedTask;
    }

    protected override void Configure(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TimeProvider>(Clock);
        if (builder.Configuration["Catalog:DatabasePath"] is not null)
        {
            // Every scan interval is a timer callback when the clock jumps days ahead; fewer keep the jumps quick.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Catalog:ExpiryScanInterval"] = ExpiryScanInterval.ToString() });
            builder.Services.AddSingleton<IHostedService>(sp => new ServicesCapture(() => _catalog = sp));
        }
    }

    /// <summary>Keeps the catalogue's service provider, to run its expiry scan on demand.</summary>
    private sealed class ServicesCapture(Action capture) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            capture();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
