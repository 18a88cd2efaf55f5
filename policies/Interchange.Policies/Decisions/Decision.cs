using Interchange.Core.Http;
using Interchange.Policies.Fields;
using Interchange.Policies.Model;

namespace Interchange.Policies.Decisions;

/// <summary>
/// The answer to a <see cref="DecisionRequest"/>: allowed with the fields to return, or refused with
/// the step, the reason and the problem type. A struct, so that deciding allocates nothing.
/// </summary>
public readonly struct Decision
{
    internal Decision(DecisionOutcome outcome, ListEntry? entry, string reason, FieldPlan fields)
    {
        Outcome = outcome;
        Entry = entry;
        Reason = reason;
        Fields = fields;
    }

    public bool Allowed => Outcome == DecisionOutcome.Allowed;

    public DecisionOutcome Outcome { get; }

    /// <summary>The entry that decided; <c>null</c> for an unknown dataset.</summary>
    public ListEntry? Entry { get; }

    /// <summary><c>{dataset}@{list version}</c> of the deciding entry, for the <c>Interchange-Rule</c> header and the audit.</summary>
    public string? Rule => Entry?.RuleId;

    /// <summary>Why, as a sentence for the caller (a refusal must state its reasons).</summary>
    public string Reason { get; }

    /// <summary>The fields to return and how; <see cref="FieldPlan.Empty"/> when refused.</summary>
    public FieldPlan Fields { get; }

    /// <summary>The problem type of a refusal; <c>null</c> when allowed.</summary>
    public ProblemType? Problem => Outcome switch
    {
        DecisionOutcome.Allowed => null,
        DecisionOutcome.UnknownDataset => ProblemTypes.UnknownDataset,
        DecisionOutcome.NotShared => ProblemTypes.NotShared,
        DecisionOutcome.PurposeNotPermitted => ProblemTypes.PurposeNotPermitted,
        DecisionOutcome.ConsumerNotPermitted => ProblemTypes.ConsumerNotPermitted,
        DecisionOutcome.GrantRequired => ProblemTypes.GrantRequired,
        DecisionOutcome.CaseRequired => ProblemTypes.CaseRequired,
        DecisionOutcome.MethodNotAllowed => ProblemTypes.MethodNotAllowed,

        // Unreachable for defined outcomes; a refusal type is still the safe answer to an undefined one.
        _ => ProblemTypes.NotShared,
    };

    public override string ToString() => $"{Outcome} ({Rule ?? "no rule"}): {Reason}";
}
