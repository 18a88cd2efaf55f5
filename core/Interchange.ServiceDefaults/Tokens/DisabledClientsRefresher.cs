using System.Text.Json;
using Interchange.ServiceDefaults.Caching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Interchange.ServiceDefaults.Tokens;

/// <summary>
/// Keeps <see cref="DisabledClients"/> in line with the identity server: fetched every
/// <see cref="AgencyTokenOptions.DisabledClientsRefreshInterval"/>, and at once when identity announces a change over
/// Redis (when there is one). A fetch that fails keeps the list last known, as the signing keys are kept: the identity
/// server being down stops neither issued tokens nor the refusals already known.
/// </summary>
public sealed partial class DisabledClientsRefresher(
    HttpClient http,
    DisabledClients disabled,
    IOptions<AgencyTokenOptions> options,
    IServiceProvider services,
    ILogger<DisabledClientsRefresher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private bool _failing;

    /// <summary>Fetches the list once; false (the list unchanged) when identity could not be read.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var url = options.Value.DisabledClientsAddress;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await using var body = await http.GetStreamAsync(url, timeout.Token);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
            var ids = new List<string>();
            foreach (var client in document.RootElement.GetProperty("clients").EnumerateArray())
            {
                ids.Add(client.GetProperty("clientId").GetString() ?? throw new JsonException("A disabled client has no clientId."));
            }

            disabled.Replace(ids);
            if (_failing)
            {
                _failing = false;
                LogRecovered(logger, url, ids.Count);
            }

            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            if (!_failing)
            {
                _failing = true;
                LogRefreshFailed(logger, url, e.GetType().Name, disabled.Count);
            }

            return false;
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SubscribeAsync();
        while (!stoppingToken.IsCancellationRequested)
        {
            await RefreshAsync(stoppingToken);
            try
            {
                await _wake.WaitAsync(options.Value.DisabledClientsRefreshInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>An announcement only wakes the loop early; the list still comes from identity.</summary>
    private async Task SubscribeAsync()
    {
        if (services.GetService<RedisConnection>() is not { } redis)
        {
            return;
        }

        try
        {
            await redis.Multiplexer.GetSubscriber().SubscribeAsync(redis.Channel(ClientRevocations.Channel), (_, _) => Wake());
        }
        catch (RedisException)
        {
            // Redis is down at start: the connection makes the subscription when it is back; polling goes on meanwhile.
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the disabled clients from {Url} ({Error}); keeping the {Count} known")]
    private static partial void LogRefreshFailed(ILogger logger, Uri url, string error, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "The disabled clients are read from {Url} again ({Count})")]
    private static partial void LogRecovered(ILogger logger, Uri url, int count);
}
