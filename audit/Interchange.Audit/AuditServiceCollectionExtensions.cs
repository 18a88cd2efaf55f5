using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Interchange.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SqliteAuditLog"/> as the singleton <see cref="IAuditLog"/>. It opens at host
    /// start and drains its queue when the container is disposed at shutdown.
    /// </summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services, Action<AuditOptions> configure)
    {
        AddOptions(services, configure);
        services.TryAddSingleton<SqliteAuditLog>();
        services.TryAddSingleton<IAuditLog>(provider => provider.GetRequiredService<SqliteAuditLog>());
        services.AddHostedService<AuditStartup<IAuditLog>>();
        return services;
    }

    /// <summary>Registers <see cref="AuditReader"/> for auditors' queries.</summary>
    public static IServiceCollection AddAuditReader(this IServiceCollection services, Action<AuditOptions> configure)
    {
        AddOptions(services, configure);
        services.TryAddSingleton<AuditReader>();
        services.AddHostedService<AuditStartup<AuditReader>>();
        return services;
    }

    private static void AddOptions(IServiceCollection services, Action<AuditOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AuditOptions>().Configure(configure).ValidateDataAnnotations().ValidateOnStart();
    }
}
