using System.ComponentModel.DataAnnotations;

namespace Interchange.ServiceDefaults.Hosting;

/// <summary>
/// <c>Interchange:Kestrel</c>: how long and how many connections a service holds, and how large a request head may be.
/// The defaults and their reasons are in the root README; bad values stop the service at start.
/// </summary>
public sealed class KestrelLimitsOptions
{
    public const string Section = "Interchange:Kestrel";

    /// <summary>
    /// How long the services' own HTTP clients (gateway to identity and catalogue, catalogue to gateway) keep an idle
    /// connection: shorter than <see cref="KeepAliveTimeout"/>, so a client never reuses a connection the server is closing.
    /// </summary>
    public static readonly TimeSpan PeerIdleTimeout = TimeSpan.FromSeconds(20);

    /// <summary>An idle keep-alive connection is closed after this; keep it above <see cref="PeerIdleTimeout"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The whole request line and headers must arrive within this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Connections accepted at once; more are closed on accept.</summary>
    [Range(1, 1_000_000)]
    public long MaxConcurrentConnections { get; set; } = 1000;

    /// <summary>Upgraded (WebSocket) connections; no service offers one.</summary>
    [Range(0, 100_000)]
    public long MaxConcurrentUpgradedConnections { get; set; }

    /// <summary>Request bodies slower than this, after <see cref="MinDataRateGracePeriod"/>, are cut off (bytes per second).</summary>
    [Range(1, 1_000_000_000)]
    public double MinRequestBodyDataRate { get; set; } = 4096;

    /// <summary>Clients that read answers slower than this, after the grace period, are cut off (bytes per second).</summary>
    [Range(1, 1_000_000_000)]
    public double MinResponseDataRate { get; set; } = 4096;

    /// <summary>How long a transfer may run below the minimum rates (Kestrel allows no less than one second).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan MinDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    [Range(1024, 64 * 1024)]
    public int MaxRequestLineSize { get; set; } = 8 * 1024;

    /// <summary>Concurrent HTTP/2 streams per connection: each is a request in flight.</summary>
    [Range(1, 1000)]
    public int Http2MaxStreamsPerConnection { get; set; } = 100;
}
