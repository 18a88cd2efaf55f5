using Interchange.Core.Datasets;
using Interchange.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;

namespace Interchange.Gateway.Routing;

/// <summary>
/// The gateway's routes, generated: identity and catalogue from configuration, and one data route per
/// dataset registered in the catalogue (<c>/data/{id}/{**path}</c> to the dataset's source). The
/// catalogue is re-read periodically and a changed set of sources swaps the whole configuration.
/// </summary>
internal sealed partial class CatalogProxyConfigProvider : IProxyConfigProvider, IHostedService, IDisposable
{
    private readonly IDbContextFactory<CatalogDbContext> _contexts;
    private readonly GatewayOptions _options;
    private readonly ILogger<CatalogProxyConfigProvider> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private volatile Snapshot _current;
    private Task? _refreshLoop;

    public CatalogProxyConfigProvider(IDbContextFactory<CatalogDbContext> contexts, IOptions<GatewayOptions> options, ILogger<CatalogProxyConfigProvider> logger)
    {
        _contexts = contexts;
        _options = options.Value;
        _logger = logger;
        _current = new Snapshot(Build(_options, []), "");
    }

    /// <summary>Clusters of departmental sources are named with this prefix; identity and catalogue are not.</summary>
    public const string SourceClusterPrefix = "source-";

    public IProxyConfig GetConfig() => _current.Config;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        _refreshLoop = RefreshPeriodicallyAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_refreshLoop is not null)
        {
            await _refreshLoop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>Reads the registered sources and swaps the routes when they changed.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        List<Dataset> datasets;
        await using (var db = await _contexts.CreateDbContextAsync(cancellationToken))
        {
            datasets = await db.Datasets.AsNoTracking().OrderBy(d => d.Id).ToListAsync(cancellationToken);
        }

        var fingerprint = string.Join('\n', datasets.Select(d => $"{d.Id} {d.ProviderId} {d.SourceUrl}"));
        if (fingerprint == _current.Fingerprint)
        {
            return;
        }

        var previous = _current;
        _current = new Snapshot(Build(_options, datasets), fingerprint);
        previous.Config.SignalChange();
        LogRoutes(_logger, datasets.Count);
    }

    private async Task RefreshPeriodicallyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.RouteRefreshInterval);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await RefreshAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The routes in force stay; the next tick tries again.
                LogRefreshFailed(_logger, e);
            }
        }
    }

    private static ProxyConfig Build(GatewayOptions options, IReadOnlyList<Dataset> datasets)
    {
        var routes = new List<RouteConfig>
        {
            ControlRoute("identity-well-known", "identity", "/.well-known/{**rest}"),
            ControlRoute("identity-connect", "identity", "/connect/{**rest}"),
            ControlRoute("catalog-graphql", "catalog", "/graphql"),
        };
        var clusters = new List<ClusterConfig>
        {
            Cluster("identity", options.IdentityUrl!, options.SourceTimeout),
            Cluster("catalog", options.CatalogUrl!, options.SourceTimeout),
        };

        foreach (var dataset in datasets)
        {
            var cluster = SourceClusterPrefix + dataset.Id;
            routes.Add(new RouteConfig
            {
                RouteId = "data-" + dataset.Id,
                ClusterId = cluster,
                Match = new RouteMatch { Path = $"/data/{Uri.EscapeDataString(dataset.Id)}/{{**path}}" },
                Metadata = new Dictionary<string, string>
                {
                    [RouteMetadata.Dataset] = dataset.Id,
                    [RouteMetadata.Provider] = dataset.ProviderId,
                },
            });
            clusters.Add(Cluster(cluster, dataset.SourceUrl, options.SourceTimeout) with
            {
                // A source that keeps failing is taken out for a while: agencies get a fast 503 instead of
                // waiting on it, and it is tried again by itself after the reactivation period.
                HealthCheck = new HealthCheckConfig
                {
                    // Not "HealthyOrPanic": with one destination, panic would keep calling the failing source.
                    AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyAndUnknown,
                    Passive = new PassiveHealthCheckConfig
                    {
                        Enabled = true,
                        Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                        ReactivationPeriod = options.SourceReactivationPeriod,
                    },
                },
            });
        }

        return new ProxyConfig(routes, clusters);
    }

    private static RouteConfig ControlRoute(string id, string service, string path) => new()
    {
        RouteId = id,
        ClusterId = service,
        Match = new RouteMatch { Path = path },
        Metadata = new Dictionary<string, string> { [RouteMetadata.Service] = service },
    };

    private static ClusterConfig Cluster(string id, Uri address, TimeSpan timeout) => new()
    {
        ClusterId = id,
        Destinations = new Dictionary<string, DestinationConfig>
        {
            ["primary"] = new() { Address = address.AbsoluteUri.TrimEnd('/') },
        },
        HttpRequest = new ForwarderRequestConfig { ActivityTimeout = timeout },
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Routes rebuilt from the catalogue: {Count} dataset sources")]
    private static partial void LogRoutes(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the catalogue to refresh routes; the routes in force stay")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    private sealed record Snapshot(ProxyConfig Config, string Fingerprint);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "YARP may still hold the change token of a replaced configuration; it is never disposed.")]
    private sealed class ProxyConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters) : IProxyConfig
    {
        // Never disposed: YARP may still hold the change token of a replaced configuration.
        private readonly CancellationTokenSource _changed = new();

        public IReadOnlyList<RouteConfig> Routes { get; } = routes;

        public IReadOnlyList<ClusterConfig> Clusters { get; } = clusters;

        public IChangeToken ChangeToken => new CancellationChangeToken(_changed.Token);

        public void SignalChange() => _changed.Cancel();
    }
}
