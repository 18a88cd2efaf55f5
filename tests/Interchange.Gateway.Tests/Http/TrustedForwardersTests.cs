using System.Net;
using Interchange.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Interchange.Gateway.Tests.Http;

/// <summary>X-Forwarded-For is believed from loopback and the configured proxy networks only.</summary>
public sealed class TrustedForwardersTests
{
    [Fact]
    public void Options_ConfiguredNetworks_AreTrustedBesideLoopback()
    {
        var options = TrustedForwarders.Options(["10.20.0.0/16", " 172.16.0.0/12 "], "Gateway:ForwardedNetworks");

        Assert.Contains(options.KnownIPNetworks, n => n.Contains(IPAddress.Parse("10.20.3.4")));
        Assert.Contains(options.KnownIPNetworks, n => n.Contains(IPAddress.Parse("172.20.0.5")));
        Assert.Contains(options.KnownIPNetworks, n => n.Contains(IPAddress.Loopback));
        Assert.DoesNotContain(options.KnownIPNetworks, n => n.Contains(IPAddress.Parse("192.168.1.1")));
    }

    [Theory]
    [InlineData("10.20.0.0")]
    [InlineData("gateway.internal")]
    [InlineData("10.20.0.0/33")]
    public void Options_NotACidrNetwork_FailsNamingTheSetting(string entry)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => TrustedForwarders.Options([entry], "Identity:ForwardedNetworks"));

        Assert.Contains("Identity:ForwardedNetworks", refused.Message, StringComparison.Ordinal);
        Assert.Contains(entry, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.20.0.7", "203.0.113.9")]   // from the trusted load balancer: its X-Forwarded-For names the agency
    [InlineData("192.168.9.9", "192.168.9.9")] // from anyone else: the header is ignored
    public async Task Request_ForwardedFor_IsBelievedOnlyFromATrustedNetwork(string peer, string seen)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        await using var app = builder.Build();
        app.Use((context, next) =>
        {
            // Kestrel on loopback stands in for a peer at another address.
            context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
            return next(context);
        });
        app.UseForwardedHeaders(TrustedForwarders.Options(["10.20.0.0/16"], "Gateway:ForwardedNetworks"));
        app.Run(context => context.Response.WriteAsync(context.Connection.RemoteIpAddress!.ToString()));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        var response = await http.SendAsync(request);

        Assert.Equal(seen, await response.Content.ReadAsStringAsync());
    }
}
