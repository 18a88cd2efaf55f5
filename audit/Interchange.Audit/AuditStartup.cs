using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Interchange.Audit;

/// <summary>
/// Resolves the audit service when the host starts, so a bad path or an unopenable file stops
/// start-up instead of failing the first request.
/// </summary>
internal sealed class AuditStartup<TService>(IServiceProvider services) : IHostedService
    where TService : notnull
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<TService>();
        return Task.CompletedTask;
    }

    // The log drains when the container disposes it, after the server has finished its requests.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
