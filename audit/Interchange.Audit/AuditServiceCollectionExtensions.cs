using Interchange.Audit.Checkpoints;
using Interchange.Audit.Proofs;
using Interchange.Audit.Storage;
using Interchange.Audit.Subjects;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interchange.Audit;

/// <summary>
/// The audit services of a host. Each takes the <see cref="AuditOptions"/>; services pass their configuration with
/// <see cref="AuditOptions.UseStorage"/>, so the log is on SQLite or PostgreSQL by <c>Storage:Provider</c> like every
/// store. Whatever is registered shares one store per container: one connection pool, one schema step at start.
/// </summary>
public static class AuditServiceCollectionExtensions
{
    /// <summary>The configuration section of <see cref="AuditOptions"/>' writer tuning.</summary>
    public const string Section = "Audit";

    /// <summary>
    /// Registers the <see cref="IAuditLog"/> of the configured provider (<see cref="SqliteAuditLog"/> or
    /// <see cref="PostgresAuditLog"/>) and the <see cref="AuditLogHealthCheck"/> on its store. The log opens at host
    /// start and drains its queue when the container is disposed at shutdown.
    /// </summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services, Action<AuditOptions> configure)
    {
        AddStore(services, configure);
        services.TryAddSingleton<IAuditLog>(provider => provider.GetRequiredService<AuditStore>() switch
        {
            PostgresAuditStore store => new PostgresAuditLog(store, provider.GetRequiredService<ILogger<PostgresAuditLog>>()),
            SqliteAuditStore store => new SqliteAuditLog(store, provider.GetRequiredService<ILogger<SqliteAuditLog>>()),
            var store => throw new InvalidOperationException($"No audit log is written for {store.GetType().Name}."),
        });
        services.TryAddSingleton(provider => new AuditLogHealthCheck(provider.GetRequiredService<AuditStore>()));
        services.AddHostedService<AuditStartup<IAuditLog>>();
        return services;
    }

    /// <summary>Registers <see cref="AuditReader"/> for auditors' queries.</summary>
    public static IServiceCollection AddAuditReader(this IServiceCollection services, Action<AuditOptions> configure)
    {
        AddStore(services, configure);
        services.TryAddSingleton(provider => new AuditReader(provider.GetRequiredService<AuditStore>()));
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
        AddStore(services, configure);
        ArgumentNullException.ThrowIfNull(configureCheckpoints);
        services.AddOptions<CheckpointOptions>().Configure(configureCheckpoints).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(provider => new AuditTree(provider.GetRequiredService<AuditStore>()));
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<CheckpointOptions>>().Value;
            return new CheckpointSigner(options.KeyPath, options.Origin, options.MayGenerate);
        });
        services.AddHostedService<AuditStartup<AuditTree>>();
        services.AddHostedService<AuditStartup<CheckpointSigner>>();
        return services;
    }

    /// <summary>
    /// Registers the <see cref="SubjectHasher"/> of the deployment's subject key, loaded at host start (a missing
    /// key stops start-up unless <paramref name="mayGenerate"/>, which only development allows).
    /// </summary>
    public static IServiceCollection AddSubjectHasher(this IServiceCollection services, string keyPath, bool mayGenerate)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(keyPath);
        services.TryAddSingleton(_ => SubjectHasher.FromFile(keyPath, mayGenerate));
        services.AddHostedService<AuditStartup<SubjectHasher>>();
        return services;
    }

    private static void AddStore(IServiceCollection services, Action<AuditOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        // The writer's tuning (Audit:MaxBatch, Capacity, BusyTimeout, SubjectIndexRun, SubjectIndexDelay) comes from
        // configuration; where the log lives is then set by the service (configure), by the storage rules.
        services.AddOptions<AuditOptions>()
            .Configure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(Section).Bind(options))
            .Configure(configure)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Created with its schema when the first audit service is resolved (at host start); disposed after them,
        // since the container disposes in reverse order of creation.
        services.TryAddSingleton(provider => AuditStore.Open(provider.GetRequiredService<IOptions<AuditOptions>>().Value));
    }
}
