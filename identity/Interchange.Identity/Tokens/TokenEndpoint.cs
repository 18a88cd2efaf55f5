using System.Security.Claims;
using Interchange.Core.Agencies;
using Interchange.Identity.Clients;
using Interchange.Identity.Storage;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Interchange.Identity.Tokens;

/// <summary>
/// The client-credentials token endpoint. OpenIddict has already authenticated the client and checked
/// its grant and scope permissions; this adds the agency's claims (region, roles) and the audience.
/// </summary>
public static class TokenEndpoint
{
    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/token", IssueAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> IssueAsync(HttpContext context, IOpenIddictApplicationManager applications, IdentityDbContext db,
        ClientCache<Agency> agencies)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");
        if (!request.IsClientCredentialsGrantType() || request.ClientId is null)
        {
            return Refuse(Errors.UnsupportedGrantType, "Only the client_credentials grant is supported.");
        }

        var application = await applications.FindByClientIdAsync(request.ClientId, context.RequestAborted);
        var agency = await FindAgencyAsync(request.ClientId, db, agencies, context.RequestAborted);
        if (application is null || agency is null)
        {
            return Refuse(Errors.InvalidClient, "The client credentials are invalid.");
        }

        var scopes = request.GetScopes();
        if (scopes.IsDefaultOrEmpty)
        {
            // No scope asked for: the client gets every scope it is permitted.
            var permissions = await applications.GetPermissionsAsync(application, context.RequestAborted);
            scopes = [.. permissions.Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
                .Select(p => p[Permissions.Prefixes.Scope.Length..])];
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, agency.Id);
        identity.SetClaim(Claims.Name, agency.Name);
        identity.SetClaim(AgencyClaims.Region, agency.Region);
        identity.SetClaims(Claims.Role, [.. agency.Roles]);
        identity.SetScopes(scopes);
        identity.SetResources(InterchangeScopes.Audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The agency whose claims the token carries, read from the store once per cache lifetime (see <see cref="ClientCache{T}"/>).</summary>
    private static async ValueTask<Agency?> FindAgencyAsync(string clientId, IdentityDbContext db, ClientCache<Agency> agencies,
        CancellationToken cancellationToken)
    {
        if (agencies.TryGet(clientId, out var cached))
        {
            return cached;
        }

        // Untracked: an instance of its own, which nothing holding the store's context can change under later requests.
        var generation = agencies.Generation;
        var agency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == clientId, cancellationToken);
        if (agency is not null)
        {
            agencies.Add(clientId, agency, generation);
        }

        return agency;
    }

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
