using Interchange.Core.Agencies;
using Interchange.Identity.Storage;
using Interchange.ServiceDefaults.Tokens;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace Interchange.Identity.Clients;

/// <summary>
/// OpenIddict's application manager with two savings on the token endpoint's hot path, and nothing else changed:
/// a client's application entry is read from the store once per <see cref="IdentityServerOptions.ClientCacheLifetime"/>
/// (<see cref="ClientCache{T}"/>), and a client secret that matched the stored hash a moment ago is not derived again
/// (<see cref="ClientSecretVerifications"/>). Every check — client type, permissions, the comparison itself for any secret
/// not verified before — is still OpenIddict's own.
/// </summary>
public sealed class AgencyApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
    ClientCache<OpenIddictEntityFrameworkCoreApplication> applications,
    ClientCache<Agency> agencies,
    ClientSecretVerifications verifications,
    DisabledClients disabled,
    IdentityDbContext db)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    private readonly Dictionary<string, OpenIddictEntityFrameworkCoreApplication> _found = new(StringComparer.Ordinal);

    /// <summary>
    /// A cached entry is handed out as this scope's own copy, tracked by this scope's context exactly as an entry read from
    /// the store would be: code that updates what it finds (the agencies file applied on a running server) then writes that
    /// very instance, and no instance is ever shared between requests. Within one scope every lookup of a client id gets
    /// the same instance, as with OpenIddict's own per-scope cache.
    /// </summary>
    public override async ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByClientIdAsync(
        string identifier, CancellationToken cancellationToken = default)
    {
        if (_found.TryGetValue(identifier, out var found))
        {
            return found;
        }

        if (applications.TryGet(identifier, out var cached))
        {
            found = Copy(cached);
            db.Attach(found);
        }
        else
        {
            var generation = applications.Generation;
            found = await base.FindByClientIdAsync(identifier, cancellationToken);
            if (found is null)
            {
                return null;
            }

            applications.Add(identifier, Copy(found), generation);
        }

        _found[identifier] = found;
        return found;
    }

    public override async ValueTask CreateAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken = default)
    {
        try
        {
            await base.CreateAsync(application, cancellationToken);
        }
        finally
        {
            Forget();
        }
    }

    public override async ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken = default)
    {
        try
        {
            await base.UpdateAsync(application, cancellationToken);
        }
        finally
        {
            Forget();
        }
    }

    public override async ValueTask DeleteAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken = default)
    {
        try
        {
            await base.DeleteAsync(application, cancellationToken);
        }
        finally
        {
            Forget();
        }
    }

    /// <summary>
    /// A disabled client's secret never matches, so it gets the same <c>invalid_client</c> as an unknown one: marked on the
    /// entry at hand (changed here, or read from the store), or listed by <see cref="DisabledClientsWatcher"/> (changed
    /// elsewhere while the entry is still cached).
    /// </summary>
    public override async ValueTask<bool> ValidateClientSecretAsync(OpenIddictEntityFrameworkCoreApplication application, string secret,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        if (ClientStatus.DisabledAt(application.Properties) is not null || (application.ClientId is { } id && disabled.Contains(id)))
        {
            return false;
        }

        return await base.ValidateClientSecretAsync(application, secret, cancellationToken);
    }

    /// <summary>The stored hash comes from the cached entry, so a rotation applied here or read from the store ends the match.</summary>
    protected override async ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrEmpty(secret) && !string.IsNullOrEmpty(comparand) && verifications.WasVerified(comparand, secret))
        {
            return true;
        }

        var valid = await base.ValidateClientSecretAsync(secret, comparand, cancellationToken);
        if (valid)
        {
            verifications.Remember(comparand, secret);
        }

        return valid;
    }

    /// <summary>Clients change together with their agencies (<see cref="RegisteredClients"/>), so both caches go.</summary>
    private void Forget()
    {
        _found.Clear();
        applications.Clear();
        agencies.Clear();
    }

    /// <summary>Every stored column; the navigation collections (authorizations, tokens) are never read on this path.</summary>
    private static OpenIddictEntityFrameworkCoreApplication Copy(OpenIddictEntityFrameworkCoreApplication source) => new()
    {
        Id = source.Id,
        ApplicationType = source.ApplicationType,
        ClientId = source.ClientId,
        ClientSecret = source.ClientSecret,
        ClientType = source.ClientType,
        ConcurrencyToken = source.ConcurrencyToken,
        ConsentType = source.ConsentType,
        DisplayName = source.DisplayName,
        DisplayNames = source.DisplayNames,
        JsonWebKeySet = source.JsonWebKeySet,
        Permissions = source.Permissions,
        PostLogoutRedirectUris = source.PostLogoutRedirectUris,
        Properties = source.Properties,
        RedirectUris = source.RedirectUris,
        Requirements = source.Requirements,
        Settings = source.Settings,
    };
}
