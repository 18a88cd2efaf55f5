using Interchange.Core.Seed;
using Interchange.Identity.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Interchange.Identity.Clients;

/// <summary>Creates the identity store and, in Development, registers the demo agencies as clients.</summary>
public static partial class IdentityDatabase
{
    public static async Task InitializeIdentityAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await db.Database.EnsureCreatedAsync();

        var options = scope.ServiceProvider.GetRequiredService<IOptions<IdentityServerOptions>>().Value;
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
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdentityDatabase));
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered demo client {ClientId}")]
    private static partial void LogDemoClient(ILogger logger, string clientId);
}
