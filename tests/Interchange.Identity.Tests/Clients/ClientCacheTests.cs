using Interchange.Identity.Clients;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Interchange.Identity.Tests.Clients;

/// <summary>How long a client's store entries are reused, and what ends that.</summary>
public sealed class ClientCacheTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryGet_AddedEntry_IsServedUntilTheLifetimeEnds()
    {
        var cache = Create(TimeSpan.FromSeconds(30));

        cache.Add("sz-civil-affairs", "entry", cache.Generation);
        var within = cache.TryGet("sz-civil-affairs", out var value);
        _time.Advance(TimeSpan.FromSeconds(30));
        var after = cache.TryGet("sz-civil-affairs", out _);

        Assert.True(within);
        Assert.Equal("entry", value);
        Assert.False(after);
    }

    [Fact]
    public void TryGet_AfterClear_ReadsTheStoreAgain()
    {
        var cache = Create(TimeSpan.FromSeconds(30));
        cache.Add("sz-civil-affairs", "entry", cache.Generation);

        cache.Clear();

        Assert.False(cache.TryGet("sz-civil-affairs", out _));
    }

    [Fact]
    public void Add_LoadStartedBeforeAClear_IsNotKept()
    {
        var cache = Create(TimeSpan.FromSeconds(30));
        var generation = cache.Generation;

        cache.Clear();
        cache.Add("sz-civil-affairs", "read before the change", generation);

        Assert.False(cache.TryGet("sz-civil-affairs", out _));
    }

    [Fact]
    public void TryGet_ClientIdDifferingInCase_IsNotServed()
    {
        var cache = Create(TimeSpan.FromSeconds(30));

        cache.Add("sz-civil-affairs", "entry", cache.Generation);

        Assert.False(cache.TryGet("SZ-CIVIL-AFFAIRS", out _));
    }

    [Fact]
    public void Add_ZeroLifetime_KeepsNothing()
    {
        var cache = Create(TimeSpan.Zero);

        cache.Add("sz-civil-affairs", "entry", cache.Generation);

        Assert.False(cache.TryGet("sz-civil-affairs", out _));
    }

    private ClientCache<string> Create(TimeSpan lifetime) =>
        new(Options.Create(new IdentityServerOptions { ClientCacheLifetime = lifetime }), _time);
}
