using System.Security.Claims;
using Interchange.Core.Agencies;

namespace Interchange.ServiceDefaults.Tokens;

/// <summary>Who is calling, as asserted by a validated access token.</summary>
public sealed record AgencyPrincipal(string AgencyId, string Region, IReadOnlySet<string> Roles, IReadOnlySet<string> Scopes, DateTimeOffset ExpiresAt)
{
    public bool HasRole(string role) => Roles.Contains(role);

    public bool HasScope(string scope) => Scopes.Contains(scope);

    public ClaimsPrincipal ToClaimsPrincipal(string authenticationType)
    {
        var identity = new ClaimsIdentity(authenticationType, AgencyClaims.Subject, AgencyClaims.Role);
        identity.AddClaim(new Claim(AgencyClaims.Subject, AgencyId));
        identity.AddClaim(new Claim(AgencyClaims.Region, Region));
        foreach (var role in Roles)
        {
            identity.AddClaim(new Claim(AgencyClaims.Role, role));
        }

        foreach (var scope in Scopes)
        {
            identity.AddClaim(new Claim(AgencyClaims.Scope, scope));
        }

        return new ClaimsPrincipal(identity);
    }

    public static AgencyPrincipal? FromClaimsPrincipal(ClaimsPrincipal? user)
    {
        var id = user?.FindFirst(AgencyClaims.Subject)?.Value;
        if (user is null || id is null)
        {
            return null;
        }

        return new AgencyPrincipal(
            id,
            user.FindFirst(AgencyClaims.Region)?.Value ?? "",
            user.FindAll(AgencyClaims.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            user.FindAll(AgencyClaims.Scope).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            DateTimeOffset.MaxValue);
    }
}
