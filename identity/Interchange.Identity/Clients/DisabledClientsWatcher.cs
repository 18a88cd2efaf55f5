using Interchange.Core.Agencies;
using Interchange.Identity.Storage;
using Interchange.ServiceDefaults.Tokens;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore.Models;

namespace Interchange.Identity.Clients;

/// <summary>
/// Reads the disabled clients from the store every <see cref="IdentityServerOptions.DisabledClientsRefreshInterval"/>
/// into <see cref="DisabledClients"/>, which the token endpoint consults beside the client's cached entry: a client
/// disabled by the command or by another instance sharing the store gets no token past that interval, however long
/// its entry stays cached. When the list changes the cached entries go too, so that one enabled again is not held
/// back by its cached mark.
/// </summary>
public sealed partial class DisabledClientsWatcher(
    IServiceScopeFactory scopes,
    DisabledClients disabled,
    ClientCache<OpenIddictEntityFrameworkCoreApplication> applications,
    ClientCache<Agency> agencies,
    IOptions<IdentityServerOptions> options,
    ILogger<DisabledClientsWatcher> logger)
    : BackgroundService
{
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var ids = (await ClientStatus.ReadDisabledAsync(db, cancellationToken)).Select(c => c.ClientId).ToList();
        if (ids.Count == disabled.Count && ids.All(disabled.Contains))
        {
            return;
        }

        disabled.Replace(ids);
        applications.Clear();
        agencies.Clear();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DisabledClientsRefreshInterval);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store is unreachable for now; the entries' own marks still hold, and the next tick tries again.
                LogRefreshFailed(logger, e.GetType().Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the disabled clients from the store ({Error})")]
    private static partial void LogRefreshFailed(ILogger logger, string error);
}
