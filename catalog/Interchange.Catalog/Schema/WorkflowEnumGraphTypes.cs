using GraphQL.Types;
using Interchange.Catalog.Access;
using Interchange.Core.Grants;

namespace Interchange.Catalog.Schema;

public sealed class AccessRequestStateGraphType : EnumerationGraphType<AccessRequestState>
{
    public AccessRequestStateGraphType() => Name = "AccessRequestState";
}

public sealed class AccessRoleGraphType : EnumerationGraphType<AccessRole>
{
    public AccessRoleGraphType()
    {
        Name = "AccessRole";
        Description = "REQUESTER: the caller's own applications or grants; PROVIDER: those it decides or gave.";
    }
}

public sealed class GrantStateGraphType : EnumerationGraphType<GrantState>
{
    public GrantStateGraphType() => Name = "GrantState";
}
