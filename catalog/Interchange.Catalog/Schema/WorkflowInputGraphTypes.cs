using GraphQL.Types;

namespace Interchange.Catalog.Schema;

/// <summary>What an applicant may state. Server-set members (state, decider, times) do not exist here, so they cannot be sent.</summary>
public sealed class AccessRequestInputGraphType : InputObjectGraphType
{
    public AccessRequestInputGraphType()
    {
        Name = "AccessRequestInput";
        Field<NonNullGraphType<IdGraphType>>("dataset");
        Field<NonNullGraphType<StringGraphType>>("purpose").Description("A purpose code the list permits for the dataset.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("fields").Description("Fields needed: a subset of those the list allows for the purpose.");
        Field<NonNullGraphType<StringGraphType>>("justification").Description("Why the statutory duty needs this data.");
        Field<StringGraphType>("case").Description("The case or file the access serves; required for important data.");
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("until").Description("Requested end of the access.");
    }
}

public sealed class AccessRequestFilterGraphType : InputObjectGraphType
{
    public AccessRequestFilterGraphType()
    {
        Name = "AccessRequestFilter";
        Field<AccessRoleGraphType>("role").Description("Without a role: the caller's own applications (auditors: everyone's).");
        Field<AccessRequestStateGraphType>("state");
        Field<BooleanGraphType>("overdue").Description("Only pending requests past their reply deadline.");
    }
}

public sealed class GrantFilterGraphType : InputObjectGraphType
{
    public GrantFilterGraphType()
    {
        Name = "GrantFilter";
        Field<AccessRoleGraphType>("role").Description("Without a role: the grants the caller holds (auditors: everyone's).");
        Field<GrantStateGraphType>("state");
    }
}
