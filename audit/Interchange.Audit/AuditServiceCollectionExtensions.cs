using Interchange.Audit.Checkpoints;
using Interchange.Audit.Proofs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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

    /// <summary>
    /// Registers <see cref="AuditTree"/> (tree heads, proofs, entries) and <see cref="CheckpointSigner"/>
    /// for the audit proof endpoints. Both are resolved at host start, so an unreadable log or a
    /// missing signing key stops start-up.
    /// </summary>
    public static IServiceCollection AddAuditProofs(
        this IServiceCollection services,
        Action<AuditOptions> configure,
        Action<CheckpointOptions> configureCheckpoints)
    {
        AddOptions(services, configure);
        ArgumentNullException.ThrowIfNull(configureCheckpoints);
        services.AddOptions<CheckpointOptions>().Configure(configureCheckpoints).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<AuditTree>();
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<CheckpointOptions>>().Value;
            return new CheckpointSigner(options.KeyPath, options.Origin, options.MayGenerate);
        });
        services.AddHostedService<AuditStartup<AuditTree>>();
        services.AddHostedService<AuditStartup<CheckpointSigner>>();
        return services;
    }

    private static void AddOptions(IServiceCollection services, Action<AuditOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AuditOptions>().Configure(configure).ValidateDataAnnotations().ValidateOnStart();
    }
}
