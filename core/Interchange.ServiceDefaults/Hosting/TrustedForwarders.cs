using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Interchange.ServiceDefaults.Hosting;

/// <summary>
/// Which proxies may say who the caller is. A request's <c>X-Forwarded-For</c>/<c>-Proto</c> is believed only when it comes
/// from loopback (ASP.NET Core's default) or from one of the configured networks — the load balancer in front of the
/// gateways, the gateways in front of identity. From anyone else the headers are ignored, so a caller cannot choose
/// the address its throttling and logs are keyed by.
/// </summary>
public static class TrustedForwarders
{
    /// <param name="networks">CIDR networks, e.g. <c>10.20.0.0/16</c>; empty trusts loopback only.</param>
    /// <param name="setting">The configuration key the networks came from, for the error message.</param>
    /// <exception cref="InvalidOperationException">An entry is not a network in CIDR notation.</exception>
    public static WebApplication UseTrustedForwardedHeaders(this WebApplication app, IEnumerable<string>? networks, string setting)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders(Options(networks, setting));
        return app;
    }

    public static ForwardedHeadersOptions Options(IEnumerable<string>? networks, string setting)
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
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
