using Interchange.Core.Grants;
using Interchange.Gateway.Caching;

namespace Interchange.Gateway.Tests.Caching;

/// <summary>Grant answers kept in Redis are signed by the gateways: a forged, altered or moved entry is not used.</summary>
public sealed class CachedGrantTests
{
    private static readonly GrantKey Key = new("sz-civil-affairs", "household-registration", "subsistence-allowance-review");

    private static readonly Grant Grant = new("gr_1", Key.Dataset, Key.Consumer, Key.Purpose, ["id_number", "name"],
        new DateTimeOffset(2027, 6, 30, 0, 0, 0, TimeSpan.Zero), Revoked: false)
    {
        ProviderId = "sz-public-security",
        RequestId = "ar_1",
        GrantedAt = new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero),
    };

    private readonly CachedGrant _format = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Read_WhatAGatewayWrote_GivesTheSameGrant()
    {
        var bytes = _format.Write(Key, 7, Grant);

        Assert.True(_format.TryRead(bytes, Key, 7, out var read));
        Assert.NotNull(read);
        Assert.Equal(Grant.Id, read.Id);
        Assert.Equal(Grant.Fields, read.Fields);
        Assert.Equal(Grant.Until, read.Until);
        Assert.Equal(Grant.ProviderId, read.ProviderId);
        Assert.False(read.Revoked);
    }

    [Fact]
    public void Read_NoGrantInForce_IsAFoundAbsence()
    {
        var bytes = _format.Write(Key, 7, null);

        Assert.True(_format.TryRead(bytes, Key, 7, out var read));
        Assert.Null(read);
    }

    [Fact]
    public void Read_AlteredFields_IsRejected()
    {
        var bytes = _format.Write(Key, 7, Grant);
        var text = System.Text.Encoding.UTF8.GetString(bytes, 32, bytes.Length - 32).Replace("\"name\"", "\"addr\"", StringComparison.Ordinal);
        var altered = bytes[..32].Concat(System.Text.Encoding.UTF8.GetBytes(text)).ToArray();

        Assert.False(_format.TryRead(altered, Key, 7, out _));
    }

    [Fact]
    public void Read_EntryOfAnotherLookupOrEpoch_IsRejected()
    {
        var bytes = _format.Write(Key, 7, null);

        Assert.False(_format.TryRead(bytes, Key with { Consumer = "sz-market-regulation" }, 7, out _));
        Assert.False(_format.TryRead(bytes, Key, 8, out _));
    }

    [Fact]
    public void Read_EntrySignedWithAnotherSecret_IsRejected()
    {
        var forged = new CachedGrant(new byte[32]).Write(Key, 7, Grant);

        Assert.False(_format.TryRead(forged, Key, 7, out _));
        Assert.False(_format.TryRead([1, 2, 3], Key, 7, out _));
    }
}
