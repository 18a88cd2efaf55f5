using Interchange.Policies.Loading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Interchange.Policies.Tests;

public sealed class PolicyStoreTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("interchange-store-");
    private readonly ListLogger<PolicyStore> _logger = new();

    public PolicyStoreTests()
    {
        foreach (var file in Directory.EnumerateFiles(DemoLists.Directory, "*.yaml"))
        {
            File.Copy(file, Path.Combine(_directory.FullName, Path.GetFileName(file)));
        }
    }

    private string MarketList => Path.Combine(_directory.FullName, "sz-market-regulation.yaml");

    [Fact]
    public void Ctor_ValidLists_PutsThemInForce()
    {
        using var store = new PolicyStore(_directory.FullName, _logger, new FakeTimeProvider());

        Assert.True(store.Current.TryGetEntry("business-licenses", out _));
        Assert.Empty(store.LastProblems);
    }

    [Fact]
    public void Ctor_BadLists_ThrowsWithEveryProblem()
    {
        File.WriteAllText(MarketList, File.ReadAllText(MarketList).Replace("classification: general", "classification: secret", StringComparison.Ordinal)
            .Replace("sharing: unconditional", "sharing: sometimes", StringComparison.Ordinal));

        var e = Assert.Throws<InvalidDataException>(() => new PolicyStore(_directory.FullName, _logger, new FakeTimeProvider()));

        Assert.Contains("'secret'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'sometimes'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reload_BadFileWritten_KeepsThePreviousSetAndLogsEachProblem()
    {
        using var store = new PolicyStore(_directory.FullName, _logger, new FakeTimeProvider());
        var before = store.Current;
        var changed = 0;
        store.Changed += _ => changed++;
        File.WriteAllText(MarketList, File.ReadAllText(MarketList).Replace("sharing: unconditional", "sharing: sometimes", StringComparison.Ordinal) + "\nbogus: 1\n");

        var result = store.Reload();

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Problems.Count);
        Assert.Same(before, store.Current);
        Assert.Equal(result.Problems, store.LastProblems);
        Assert.Equal(0, changed);
        Assert.Equal(2, _logger.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("sz-market-regulation.yaml", StringComparison.Ordinal)));
    }

    [Fact]
    public void Reload_GoodChange_SwapsTheSetAndRaisesChanged()
    {
        using var store = new PolicyStore(_directory.FullName, _logger, new FakeTimeProvider());
        PolicySet? raised = null;
        store.Changed += set => raised = set;
        File.WriteAllText(MarketList, File.ReadAllText(MarketList).Replace("version: 2026-11-01.1", "version: 2026-12-01.1", StringComparison.Ordinal));

        var result = store.Reload();

        Assert.True(result.Succeeded);
        Assert.Same(result.PolicySet, store.Current);
        Assert.Same(store.Current, raised);
        Assert.True(store.Current.TryGetEntry("business-licenses", out var entry));
        Assert.Equal("business-licenses@2026-12-01.1", entry.RuleId);
    }

    [Fact]
    public void Reload_AfterABadVersion_AGoodVersionIsPickedUpAgain()
    {
        using var store = new PolicyStore(_directory.FullName, _logger, new FakeTimeProvider());
        var original = File.ReadAllText(MarketList);
        File.WriteAllText(MarketList, "department: [");
        Assert.False(store.Reload().Succeeded);

        File.WriteAllText(MarketList, original.Replace("version: 2026-11-01.1", "version: 2026-11-01.2", StringComparison.Ordinal));
        var result = store.Reload();

        Assert.True(result.Succeeded);
        Assert.Empty(store.LastProblems);
        Assert.True(store.Current.TryGetEntry("business-licenses", out var entry));
        Assert.Equal("2026-11-01.2", entry.Version);
    }

    [Fact]
    public async Task Watcher_FileChanged_ReloadsOnItsOwn()
    {
        using var store = new PolicyStore(_directory.FullName, _logger);
        var reloaded = new TaskCompletionSource<PolicySet>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Changed += set => reloaded.TrySetResult(set);

        File.WriteAllText(MarketList, File.ReadAllText(MarketList).Replace("version: 2026-11-01.1", "version: 2026-11-02.1", StringComparison.Ordinal));
        var set = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(set.TryGetEntry("business-licenses", out var entry));
        Assert.Equal("2026-11-02.1", entry.Version);
        Assert.Same(set, store.Current);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
