using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Interchange.ServiceDefaults.Hosting;

/// <summary>
/// Which proxies may say who the caller is. A request's <c>X-Forwarded-For</c>/<c>-Proto</c> is believed only when it comes
/// from one of the configured networks — the load balancer in front of the gateways, the gateways in front of identity —
/// or from loopback where a proxy sits there (identity behind the standalone host's gateway). The front door itself
/// trusts loopback only when configured to: nothing stands in front of it on loopback by default, and a local caller
/// must not choose the address that the gateway passes on (and identity throttles and logs by). From anyone else the
/// headers are ignored.
/// </summary>
public static class TrustedForwarders
{
    /// <param name="networks">CIDR networks, e.g. <c>10.20.0.0/16</c>; empty trusts loopback only.</param>
    /// <param name="setting">The configuration key the networks came from, for the error message.</param>
    /// <param name="trustLoopback">Whether loopback is trusted besides the networks (ASP.NET Core's default).</param>
    /// <exception cref="InvalidOperationException">An entry is not a network in CIDR notation.</exception>
    public static WebApplication UseTrustedForwardedHeaders(this WebApplication app, IEnumerable<string>? networks, string setting,
        bool trustLoopback = true)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = Options(networks, setting, trustLoopback);
        // The middleware believes every peer when it knows none, so with nobody to trust it is left out.
        if (options.KnownIPNetworks.Count > 0 || options.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders(options);
        }

        return app;
    }

    /// <remarks>Without loopback and networks both lists are empty, which the middleware reads as "trust every peer";
    /// <see cref="UseTrustedForwardedHeaders"/> then leaves the middleware out.</remarks>
    public static ForwardedHeadersOptions Options(IEnumerable<string>? networks, string setting, bool trustLoopback = true)
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        if (!trustLoopback)
        {
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
        }

        foreach (var entry in networks ?? [])
        {
            if (!System.Net.IPNetwork.TryParse(entry.Trim(), out var network))
            {
                throw new InvalidOperationException($"{setting}: '{entry}' is not a network in CIDR notation (e.g. 10.20.0.0/16).");
            }

            options.KnownIPNetworks.Add(network);
        }

        return options;
    }
}
