using System.Net;
using System.Net.Sockets;
using Interchange.Core.Datasets;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Interchange.Gateway.Routing;

/// <summary>
/// Connections to departmental sources check every address the source's name resolves to at connect
/// time (docs/security.md, case 18): a name re-pointed at loopback, link-local or metadata addresses after
/// registration is refused. Redirects are never followed (YARP's default, kept).
/// </summary>
internal sealed class SourceHttpClientFactory(IOptions<GatewayOptions> options) : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.AllowAutoRedirect = false;
        handler.UseCookies = false;
        if (!context.ClusterId.StartsWith(CatalogProxyConfigProvider.SourceClusterPrefix, StringComparison.Ordinal))
        {
            // Identity and catalogue close idle connections after their keep-alive timeout; the gateway lets go first.
            handler.PooledConnectionIdleTimeout = Interchange.ServiceDefaults.Hosting.KestrelLimitsOptions.PeerIdleTimeout;
            return;
        }

        var allowLoopback = options.Value.AllowLoopbackSources;
        handler.ConnectCallback = async (connection, cancellationToken) =>
        {
            var endpoint = connection.DnsEndPoint;
            var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
            foreach (var address in addresses)
            {
                if (SourceAddresses.Refusal(address) is { } why && !(allowLoopback && IPAddress.IsLoopback(address)))
                {
                    throw new HttpRequestException($"The source address is refused: {why}.");
                }
            }

            var socket = Socket.OSSupportsIPv6
                ? new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
                : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
    }
}
