using Interchange.Core.Regions;
using GraphQL;
using Interchange.Core.Agencies;
using Interchange.ServiceDefaults.Tokens;

namespace Interchange.Catalog.Schema;

/// <summary>The calling agency of a GraphQL operation, and the checks operations make on it.</summary>
public static class Caller
{
    public static AgencyPrincipal Agency(this IResolveFieldContext context) =>
        AgencyPrincipal.FromClaimsPrincipal(context.User)
        ?? throw new ExecutionError("A valid agency access token is required.") { Code = ErrorCodes.Unauthenticated };

    /// <summary>The caller, who must hold <paramref name="role"/> and <paramref name="scope"/>.</summary>
    public static AgencyPrincipal Require(this IResolveFieldContext context, string role, string scope)
    {
        var agency = context.Agency();
        if (!agency.HasRole(role) || !agency.HasScope(scope))
        {
            throw new ExecutionError($"This operation needs the '{role}' role and the '{scope}' scope.") { Code = ErrorCodes.Forbidden };
        }

        return agency;
    }

    public static int First(this IResolveFieldContext context, int max)
    {
        var first = context.GetArgument("first", 20);
        if (first < 1 || first > max)
        {
            throw new ExecutionError($"'first' must be between 1 and {max}.") { Code = ErrorCodes.BadUserInput };
        }

        return first;
    }

    public static string? ValidRegion(string? region) =>
        region is null || RegionCodes.IsValid(region)
            ? region
            : throw new ExecutionError($"'{region}' is not a GB/T 2260 region code (six digits).") { Code = ErrorCodes.BadUserInput };
}
