using Microsoft.Extensions.Options;

namespace Interchange.Catalog.Access;

/// <summary>
/// Puts every grant that reached its end on the audit record. The gateway needs no notice (it checks
/// the end date on every read); this is for the auditors' trail.
/// </summary>
public sealed partial class GrantExpiryMonitor(IServiceScopeFactory scopes, IOptions<CatalogOptions> options, TimeProvider time, ILogger<GrantExpiryMonitor> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ExpiryScanInterval, time);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AccessWorkflow>().RecordExpiriesAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogScanFailed(logger, e);
            }

            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not put expired grants on the audit record; the next scan tries again")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);
}
