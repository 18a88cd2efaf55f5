using GraphQL.Types;
using Interchange.Policies.Decisions;

namespace Interchange.Catalog.Schema;

/// <summary>What the gateway would decide for a caller, dataset and purpose, and why.</summary>
public sealed record AccessExplanation(string Purpose, Decision Decision);

public sealed class DecisionGraphType : ObjectGraphType<AccessExplanation>
{
    public DecisionGraphType()
    {
        Name = "Decision";
        Description = "What the gateway would decide, and why; no data is read.";
        Field<NonNullGraphType<BooleanGraphType>>("allowed").Resolve(c => c.Source.Decision.Allowed);
        Field<StringGraphType>("purpose").Resolve(c => c.Source.Purpose);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("fields")
            .Description("Fields the consumer would receive (masked or generalised as the list says).")
            .Resolve(c => c.Source.Decision.Fields.ReturnedFields);
        Field<StringGraphType>("rule").Description("The list entry and version that decide: <entry>@<version>.").Resolve(c => c.Source.Decision.Rule);
        Field<NonNullGraphType<StringGraphType>>("reason").Resolve(c => c.Source.Decision.Reason);
        Field<StringGraphType>("problem").Description("The problem type a refusal would carry.").Resolve(c => c.Source.Decision.Problem?.Uri);
    }
}
