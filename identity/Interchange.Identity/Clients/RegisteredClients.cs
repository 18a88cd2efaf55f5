using Interchange.Core.Agencies;
using Interchange.Core.Regions;
using Interchange.Core.Seed;
using Interchange.Identity.Storage;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Interchange.Identity.Clients;

/// <summary>
/// The registrar's agencies as OAuth clients, in any environment: the agencies come from a file (<c>Identity:AgenciesFile</c>,
/// the demo seed's shape: <c>{"agencies":[{"id","name","region","roles"}]}</c>) and each one's client secret from its own
/// file in <c>Identity:ClientSecretsDirectory</c>, named by the agency id — the way Docker and Kubernetes mount secrets.
/// Every start brings the store in line: new agencies are registered, changed names, regions, roles and secrets are
/// applied (a secret is rotated by replacing its file and restarting). A client missing from the file is disabled
/// (<see cref="ClientStatus"/>): it gets no token and its issued tokens are refused; its entry stays, and listing it again
/// enables it.
/// </summary>
public static partial class RegisteredClients
{
    /// <summary>
    /// Shortest secret accepted: 32 characters. Generate URL-safe ones, e.g. <c>openssl rand -base64 32 | tr '+/' '-_' | tr -d '='</c>
    /// or <c>openssl rand -hex 32</c>: Basic client credentials are form-encoded (RFC 6749 §2.3.1), so a <c>+</c> that a
    /// client sends unencoded (as <c>curl -u</c> does) is read as a space and the secret does not match.
    /// </summary>
    public const int MinSecretLength = 32;

    /// <param name="alsoKeep">Clients registered otherwise (the demo seed's, in Development) that are not disabled for missing here.</param>
    /// <param name="now">When clients missing from the file are disabled.</param>
    /// <exception cref="InvalidOperationException">A secret is missing or too short, or an agency is malformed; nothing is changed then.</exception>
    public static async Task ApplyAsync(IdentityDbContext db, IOpenIddictApplicationManager applications, string agenciesFile,
        string secretsDirectory, ILogger logger, DateTimeOffset now, IReadOnlySet<string>? alsoKeep = null,
        CancellationToken cancellationToken = default)
    {
        var agencies = ScenarioSeed.Load(agenciesFile).Agencies ?? [];
        var problems = new List<string>();
        var registrations = new List<(Agency Agency, string Secret)>();
        foreach (var seeded in agencies)
        {
            var agency = seeded.ToAgency();
            var secretPath = Path.Combine(secretsDirectory, agency.Id);
            if (!AgencyIds.IsValid(agency.Id))
            {
                problems.Add($"'{agency.Id}' is not an agency id (lower-case letters, digits and hyphens).");
            }
            else if (!RegionCodes.IsValid(agency.Region))
            {
                problems.Add($"{agency.Id}: '{agency.Region}' is not a GB/T 2260 region code.");
            }
            else if (agency.Roles.Count == 0 || agency.Roles.Any(r => !AgencyRoles.All.Contains(r)))
            {
                problems.Add($"{agency.Id}: roles must be some of {string.Join(", ", AgencyRoles.All)}.");
            }
            else if (!File.Exists(secretPath))
            {
                problems.Add($"{agency.Id}: no client secret at '{secretPath}'.");
            }
            else
            {
                var secret = (await File.ReadAllTextAsync(secretPath, cancellationToken)).Trim();
                if (secret.Length < MinSecretLength)
                {
                    problems.Add($"{agency.Id}: the client secret in '{secretPath}' is shorter than {MinSecretLength} characters.");
                }
                else
                {
                    registrations.Add((agency, secret));
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The agencies in '{agenciesFile}' cannot be registered: " + string.Join(" ", problems));
        }

        foreach (var (agency, secret) in registrations)
        {
            var stored = await db.Agencies.FindAsync([agency.Id], cancellationToken);
            if (stored is null)
            {
                db.Agencies.Add(agency);
            }
            else
            {
                stored.Name = agency.Name;
                stored.Region = agency.Region;
                stored.Roles = agency.Roles;
            }

            var descriptor = AgencyClients.Describe(agency, secret);
            var application = await applications.FindByClientIdAsync(agency.Id, cancellationToken);
            if (application is null)
            {
                await applications.CreateAsync(descriptor, cancellationToken);
                LogRegistered(logger, agency.Id);
            }
            else
            {
                // The descriptor has no properties: updating the entry from it also takes a disabled mark away.
                if (ClientStatus.DisabledAt(((OpenIddictEntityFrameworkCoreApplication)application).Properties) is not null)
                {
                    LogEnabled(logger, agency.Id);
                }

                await applications.UpdateAsync(application, descriptor, cancellationToken);
            }
        }

        var listed = registrations.Select(r => r.Agency.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in await db.Set<OpenIddictEntityFrameworkCoreApplication>().ToListAsync(cancellationToken))
        {
            if (entry.ClientId is { } id && !listed.Contains(id) && alsoKeep?.Contains(id) != true && ClientStatus.Set(entry, now))
            {
                LogDisabled(logger, id, agenciesFile);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        LogApplied(logger, registrations.Count, agenciesFile);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered client {ClientId}")]
    private static partial void LogRegistered(ILogger logger, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client {ClientId} is not in {File}: disabled")]
    private static partial void LogDisabled(ILogger logger, string clientId, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Client {ClientId} is listed again: enabled")]
    private static partial void LogEnabled(ILogger logger, string clientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} agencies from {File} are registered clients")]
    private static partial void LogApplied(ILogger logger, int count, string file);
}
