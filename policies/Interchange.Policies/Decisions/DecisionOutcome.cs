namespace Interchange.Policies.Decisions;

/// <summary>What a list entry decided, named after the step that decided it.</summary>
public enum DecisionOutcome
{
    Allowed,
    UnknownDataset,
    NotShared,
    PurposeNotPermitted,
    ConsumerNotPermitted,
    GrantRequired,
    CaseRequired,
    MethodNotAllowed,
}
