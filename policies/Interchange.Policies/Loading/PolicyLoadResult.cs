namespace Interchange.Policies.Loading;

/// <summary>The outcome of loading lists: a policy set, or every problem found and no set.</summary>
public sealed class PolicyLoadResult
{
    public PolicySet? PolicySet { get; init; }

    public IReadOnlyList<PolicyProblem> Problems { get; init; } = [];

    public bool Succeeded => Problems.Count == 0;
}
