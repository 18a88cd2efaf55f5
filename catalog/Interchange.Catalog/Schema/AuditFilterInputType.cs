using GraphQL.Types;

namespace Interchange.Catalog.Schema;

public sealed class AuditFilterInputType : InputObjectGraphType
{
    public AuditFilterInputType()
    {
        Name = "AuditFilter";
        Field<IdGraphType>("agency");
        Field<IdGraphType>("dataset");
        Field<StringGraphType>("purpose");
        Field<StringGraphType>("case");
        Field<AuditDecisionGraphType>("decision");
        Field<DateTimeOffsetGraphType>("from").Description("Inclusive start of the time range.");
        Field<DateTimeOffsetGraphType>("to").Description("Exclusive end of the time range.");
    }
}
