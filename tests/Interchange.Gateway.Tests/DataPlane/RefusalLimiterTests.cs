using System.Net;
using Interchange.Gateway.DataPlane;
using Interchange.Gateway.Tests.Caching;
using Microsoft.Extensions.Options;
using Verdict = Interchange.Gateway.DataPlane.RefusalLimiter.Verdict;

namespace Interchange.Gateway.Tests.DataPlane;

/// <summary>Refusals per address in a fixed window: the limit, one throttling record per window, and a bounded table.</summary>
public sealed class RefusalLimiterTests
{
    private static readonly IPAddress Client = IPAddress.Parse("198.51.100.1");

    // 10:00:05 UTC: five seconds into a minute.
    private readonly FakeClock _clock = new(new DateTimeOffset(2026, 11, 25, 10, 0, 5, TimeSpan.Zero));

    [Fact]
    public void Count_PastTheLimit_ThrottlesOnceAWindow_ThenStartsAfresh()
    {
        var limiter = Limiter(limit: 3);

        Assert.Equal([Verdict.Record, Verdict.Record, Verdict.Record, Verdict.Throttle, Verdict.Throttled, Verdict.Throttled], Count(limiter, Client, 6));
        limiter.Count(Client, null, out var retryAfter, out var counted);
        Assert.Equal(TimeSpan.FromSeconds(55), retryAfter);
        Assert.Equal("198.51.100.1", counted.ToString());

        _clock.Advance(TimeSpan.FromSeconds(55));
        Assert.Equal([Verdict.Record, Verdict.Record, Verdict.Record, Verdict.Throttle], Count(limiter, Client, 4));
    }

    [Fact]
    public void Count_EachAddressHasItsOwnLimit_AndAnUnknownAddressIsOneMore()
    {
        var limiter = Limiter(limit: 1);

        Assert.Equal(Verdict.Record, limiter.Count(Client, null, out _, out _));
        Assert.Equal(Verdict.Record, limiter.Count(IPAddress.Parse("198.51.100.2"), null, out _, out _));
        Assert.Equal(Verdict.Record, limiter.Count(null, null, out _, out var unknown));
        Assert.Equal(Verdict.Throttle, limiter.Count(null, null, out _, out _));
        Assert.Equal("an unknown address", unknown.ToString());
    }

    [Fact]
    public void Count_Ipv6_CountsByItsSlash64_AndIpv4MappedAsIpv4()
    {
        var limiter = Limiter(limit: 2);

        Assert.Equal(Verdict.Record, limiter.Count(IPAddress.Parse("2001:db8:1:2::1"), null, out _, out _));
        Assert.Equal(Verdict.Record, limiter.Count(IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), null, out _, out _));
        Assert.Equal(Verdict.Throttle, limiter.Count(IPAddress.Parse("2001:db8:1:2::ffff"), null, out _, out var block));
        Assert.Equal(Verdict.Record, limiter.Count(IPAddress.Parse("2001:db8:1:3::1"), null, out _, out _));
        Assert.Equal("2001:db8:1:2::/64", block.ToString());

        Assert.Equal(Verdict.Record, limiter.Count(Client, null, out _, out _));
        Assert.Equal(Verdict.Record, limiter.Count(Client.MapToIPv6(), null, out _, out _));
        Assert.Equal(Verdict.Throttle, limiter.Count(Client, null, out _, out _));
    }

    [Fact]
    public void Count_TableFull_NewAddressesShareOneCount_UntilPastWindowsAreDropped()
    {
        var limiter = Limiter(limit: 2, tracked: 100);
        for (var i = 0; i < 100; i++)
        {
            limiter.Count(Address(i), null, out _, out _);
        }

        // Full of this window's counts: addresses that find no room are counted together.
        Assert.Equal(Verdict.Record, limiter.Count(Address(1000), null, out _, out var overflow));
        Assert.Equal(Verdict.Record, limiter.Count(Address(1001), null, out _, out _));
        Assert.Equal(Verdict.Throttle, limiter.Count(Address(1002), null, out _, out _));
        Assert.Equal("addresses beyond the ones counted", overflow.ToString());
        Assert.Equal(Verdict.Record, limiter.Count(Address(5), null, out _, out _));
        Assert.True(limiter.Tracked <= 101, $"{limiter.Tracked} counts kept");

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Verdict.Record, limiter.Count(Address(2000), null, out _, out var own));
        Assert.Equal(Address(2000).ToString(), own.ToString());
        Assert.True(limiter.Tracked <= 101, $"{limiter.Tracked} counts kept");
    }

    private RefusalLimiter Limiter(int limit, int tracked = 1000) =>
        new(_clock, Options.Create(new GatewayOptions { RefusalsPerAddress = limit, RefusalWindow = TimeSpan.FromMinutes(1), RefusalAddressesTracked = tracked }));

    private static List<Verdict> Count(RefusalLimiter limiter, IPAddress address, int times) =>
        [.. Enumerable.Range(0, times).Select(i => limiter.Count(address, null, out _, out _))];

    private static IPAddress Address(int i) => new([10, 1, (byte)(i >> 8), (byte)i]);
}
