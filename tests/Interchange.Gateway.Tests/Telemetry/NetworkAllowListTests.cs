using System.Net;
using Interchange.ServiceDefaults.Telemetry;

namespace Interchange.Gateway.Tests.Telemetry;

/// <summary><c>Telemetry:MetricsAllowedNetworks</c>: who may scrape <c>/metrics</c>.</summary>
public sealed class NetworkAllowListTests
{
    private const string Setting = "Telemetry:MetricsAllowedNetworks";

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.10.0.5", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.20.30.40", false)]
    [InlineData("2001:db8::1", false)]
    public void NotSet_AllowsLoopbackOnly(string peer, bool allowed) =>
        Assert.Equal(allowed, NetworkAllowList.Parse(Setting, []).Allows(IPAddress.Parse(peer)));

    [Theory]
    [InlineData("10.20.30.40", true)]
    [InlineData("::ffff:10.20.1.1", true)]
    [InlineData("192.0.2.7", true)]
    [InlineData("192.0.2.8", false)]
    [InlineData("2001:db8::42", true)]
    [InlineData("127.0.0.1", false)]
    public void Configured_ReplacesLoopbackWithTheNetworksGiven(string peer, bool allowed)
    {
        var list = NetworkAllowList.Parse(Setting, ["10.20.0.0/16, 192.0.2.7", "2001:db8::/32"]);

        Assert.Equal(allowed, list.Allows(IPAddress.Parse(peer)));
    }

    [Fact]
    public void None_AllowsNobody()
    {
        var list = NetworkAllowList.Parse(Setting, ["none"]);

        Assert.False(list.Allows(IPAddress.Loopback));
        Assert.False(list.Allows(null));
    }

    [Theory]
    [InlineData("10.20.0.0/33")]
    [InlineData("localhost")]
    public void NotANetwork_StopsStartUpNamingTheSettingAndTheValue(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => NetworkAllowList.Parse(Setting, [value]));

        Assert.Contains(Setting, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }
}
