using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Interchange.ServiceDefaults.Hosting;

public static class InterchangeKestrel
{
    /// <summary>
    /// Kestrel hardening common to every service: no Server header, the service's own body limit, and the connection,
    /// timeout and size limits of <see cref="KestrelLimitsOptions"/> (<c>Interchange:Kestrel</c>), validated now.
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A limit in configuration is out of range.</exception>
    public static WebApplicationBuilder AddInterchangeKestrel(this WebApplicationBuilder builder, long maxRequestBodySize = 1 * 1024 * 1024)
    {
        var limits = builder.AddValidatedOptions<KestrelLimitsOptions>(KestrelLimitsOptions.Section);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = maxRequestBodySize;
            k.Limits.KeepAliveTimeout = limits.KeepAliveTimeout;
            k.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            k.Limits.MaxConcurrentConnections = limits.MaxConcurrentConnections;
            k.Limits.MaxConcurrentUpgradedConnections = limits.MaxConcurrentUpgradedConnections;
            k.Limits.MinRequestBodyDataRate = new MinDataRate(limits.MinRequestBodyDataRate, limits.MinDataRateGracePeriod);
            k.Limits.MinResponseDataRate = new MinDataRate(limits.MinResponseDataRate, limits.MinDataRateGracePeriod);
            k.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalSize;
            k.Limits.MaxRequestLineSize = limits.MaxRequestLineSize;
            k.Limits.Http2.MaxStreamsPerConnection = limits.Http2MaxStreamsPerConnection;
        });
        return builder;
    }
}
