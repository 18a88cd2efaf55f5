using GraphQL.Types;
using Interchange.Audit;

namespace Interchange.Catalog.Schema;

public sealed class AuditEventGraphType : ObjectGraphType<AuditRecord>
{
    public AuditEventGraphType()
    {
        Name = "AuditEvent";
        Description = "One recorded decision of the interchange.";
        Field<NonNullGraphType<LongGraphType>>("leafIndex").Description("Position in the audit log.").Resolve(c => c.Source.LeafIndex);
        Field<NonNullGraphType<StringGraphType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("requestId").Resolve(c => c.Source.RequestId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("time").Resolve(c => c.Source.Time);
        Field<NonNullGraphType<StringGraphType>>("agency").Resolve(c => c.Source.Agency);
        Field<StringGraphType>("dataset").Resolve(c => c.Source.Dataset);
        Field<StringGraphType>("purpose").Resolve(c => c.Source.Purpose);
        Field<StringGraphType>("case").Resolve(c => c.Source.Case);
        Field<NonNullGraphType<AuditDecisionGraphType>>("decision").Resolve(c => c.Source.Decision);
        Field<StringGraphType>("problem").Resolve(c => c.Source.Problem);
        Field<StringGraphType>("rule").Resolve(c => c.Source.Rule);
        Field<NonNullGraphType<IntGraphType>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("fields").Description("Names of the fields returned.").Resolve(c => c.Source.Fields);
        Field<StringGraphType>("detail").Resolve(c => c.Source.Detail);
        Field<NonNullGraphType<IntGraphType>>("subjectCount")
            .Description("How many data subjects' records the event returned (personal datasets); their identifiers are on record only as keyed hashes.")
            .Resolve(c => c.Source.Subjects.Count);
    }
}
