using Interchange.Core.Agencies;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Interchange.Identity.Clients;

/// <summary>Agencies as confidential OAuth clients: which scopes each role brings.</summary>
public static class AgencyClients
{
    public static IReadOnlySet<string> ScopesFor(IEnumerable<string> roles)
    {
        var scopes = new HashSet<string>(StringComparer.Ordinal) { InterchangeScopes.Catalog };
        foreach (var role in roles)
        {
            switch (role)
            {
                case AgencyRoles.Consumer:
                    scopes.Add(InterchangeScopes.Data);
                    break;
                case AgencyRoles.Provider:
                    scopes.Add(InterchangeScopes.Data);
                    scopes.Add(InterchangeScopes.Registry);
                    break;
                case AgencyRoles.Auditor:
                    scopes.Add(InterchangeScopes.Audit);
                    break;
                case AgencyRoles.Admin:
                    scopes.UnionWith(InterchangeScopes.All);
                    break;
            }
        }

        return scopes;
    }

    public static OpenIddictApplicationDescriptor Describe(Agency agency, string secret)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = agency.Id,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = agency.Name,
        };
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        foreach (var scope in ScopesFor(agency.Roles))
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        return descriptor;
    }
}
