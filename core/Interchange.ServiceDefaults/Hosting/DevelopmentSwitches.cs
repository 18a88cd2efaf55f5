using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Interchange.ServiceDefaults.Hosting;

/// <summary>
/// Settings that loosen a rule for one developer's machine (e.g. sources on loopback): refused at start in any other
/// environment, and announced with a warning at every start where they are on, so nobody runs with one unknowingly.
/// </summary>
public static partial class DevelopmentSwitches
{
    /// <exception cref="InvalidOperationException">The switch is on outside the Development environment.</exception>
    public static WebApplicationBuilder AddDevelopmentSwitch(this WebApplicationBuilder builder, string setting, bool enabled, string loosens)
    {
        if (!enabled)
        {
            return builder;
        }

        if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"{setting} is for a development machine only ({loosens}); it is refused in the {builder.Environment.EnvironmentName} environment.");
        }

        builder.Services.AddSingleton<IHostedService>(sp => new Notice(setting, loosens, sp.GetRequiredService<ILogger<Notice>>()));
        return builder;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Setting} is on: {Loosens}. Development only.")]
    private static partial void LogSwitchOn(ILogger logger, string setting, string loosens);

    private sealed class Notice(string setting, string loosens, ILogger<Notice> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogSwitchOn(logger, setting, loosens);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
