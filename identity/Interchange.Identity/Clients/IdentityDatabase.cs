using Interchange.Core.Agencies;
using Interchange.Core.Seed;
using Interchange.Core.Storage;
using Interchange.Identity.Storage;
using Interchange.ServiceDefaults.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Interchange.Identity.Clients;

/// <summary>Migrates the identity store and, in Development, registers the demo agencies as clients.</summary>
public static partial class IdentityDatabase
{
    /// <summary>
    /// Brings the store up to date and applies the agencies (and, in Development, the demo clients); may run again on a
    /// running server. Whatever the client caches read before is dropped afterwards, so the result is in force for the
    /// next token request.
    /// </summary>
    public static async Task InitializeIdentityAsync(this WebApplication app)
    {
        try
        {
            await ApplyClientsAsync(app);
        }
        finally
        {
            app.Services.GetRequiredService<ClientCache<OpenIddictEntityFrameworkCoreApplication>>().Clear();
            app.Services.GetRequiredService<ClientCache<Agency>>().Clear();
        }
    }

    private static async Task ApplyClientsAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdentityDatabase));
        await StoreMigrator.MigrateAsync(db, IdentityStore.Definition, logger);

        var options = scope.ServiceProvider.GetRequiredService<IOptions<IdentityServerOptions>>().Value;
        if (options.AgenciesFile is not null)
        {
            if (options.ClientSecretsDirectory is null)
            {
                throw new InvalidOperationException("Identity:AgenciesFile is set but Identity:ClientSecretsDirectory is not: each agency's secret is a file there.");
            }

            // In Development the demo seed's clients are registered beside the file's; they are not "missing" from it.
            var demo = options.DemoSeedFile is not null && app.Environment.IsDevelopment()
                ? ScenarioSeed.Load(options.DemoSeedFile).Agencies.Select(a => a.ToAgency().Id).ToHashSet(StringComparer.Ordinal)
                : null;
            await RegisteredClients.ApplyAsync(db, scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>(),
                options.AgenciesFile, options.ClientSecretsDirectory, logger,
                scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(), demo);
        }

        if (options.DemoSeedFile is null)
        {
            return;
        }

        if (!app.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Demo clients (Identity:DemoSeedFile) use published secrets and are refused in the {app.Environment.EnvironmentName} " +
                "environment; they are allowed only in Development.");
        }

        var seed = ScenarioSeed.Load(options.DemoSeedFile);
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var seeded in seed.Agencies)
        {
            var agency = seeded.ToAgency();
            if (await db.Agencies.FindAsync(agency.Id) is null)
            {
                db.Agencies.Add(agency);
            }

            if (await applications.FindByClientIdAsync(agency.Id) is null)
            {
                await applications.CreateAsync(AgencyClients.Describe(agency, agency.Id + "-secret"));
                LogDemoClient(logger, agency.Id);
            }
        }

        await db.SaveChangesAsync();
    }

    /// <summary><c>migrate</c>: brings the identity store up to date and exits, without starting the service (see <see cref="MigrateCommand"/>).</summary>
    public static Task<int> MigrateCommandAsync(string[] args) =>
        MigrateCommand.RunAsync<IdentityDbContext>(args, "identity", IdentityStore.Definition, builder =>
            builder.Services.AddIdentityStore(builder.Configuration, builder.Configuration[$"{IdentityServerOptions.Section}:{nameof(IdentityServerOptions.DatabasePath)}"]));

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered demo client {ClientId}")]
    private static partial void LogDemoClient(ILogger logger, string clientId);
}
