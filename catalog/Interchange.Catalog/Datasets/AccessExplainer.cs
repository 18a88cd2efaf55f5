using Interchange.Catalog.Access;
using Interchange.Catalog.Schema;
using Interchange.Policies;
using Interchange.Policies.Decisions;

namespace Interchange.Catalog.Datasets;

/// <summary>
/// Answers "what would happen if this agency read this dataset" with the gateway's own decision
/// function and the grants in force, without reading any data.
/// </summary>
public static class AccessExplainer
{
    /// <summary>
    /// The decision for <paramref name="purpose"/>, or, when none is given, for the first listed purpose
    /// that would be allowed (else the first listed purpose's refusal).
    /// </summary>
    public static async Task<AccessExplanation> ExplainAsync(PolicySet policies, DatasetView dataset, string consumerId, string consumerRegion,
        string? purpose, AccessWorkflow workflow, TimeProvider time, CancellationToken cancellationToken)
    {
        if (purpose is not null)
        {
            return new AccessExplanation(purpose, await DecideAsync(policies, dataset, consumerId, consumerRegion, purpose, workflow, time, cancellationToken));
        }

        AccessExplanation? first = null;
        foreach (var listed in dataset.Entry?.Purposes.Keys ?? [])
        {
            var explanation = new AccessExplanation(listed, await DecideAsync(policies, dataset, consumerId, consumerRegion, listed, workflow, time, cancellationToken));
            if (explanation.Decision.Allowed)
            {
                return explanation;
            }

            first ??= explanation;
        }

        return first ?? new AccessExplanation("", await DecideAsync(policies, dataset, consumerId, consumerRegion, "", workflow, time, cancellationToken));
    }

    private static async Task<Decision> DecideAsync(PolicySet policies, DatasetView dataset, string consumerId, string consumerRegion,
        string purpose, AccessWorkflow workflow, TimeProvider time, CancellationToken cancellationToken)
    {
        var grant = dataset.Entry is { Sharing: Core.Datasets.SharingType.Conditional }
            ? await workflow.GrantInForceAsync(consumerId, dataset.Dataset.Id, purpose, cancellationToken)
            : null;
        // The explanation assumes the case reference a real call would carry.
        var request = new DecisionRequest(consumerId, consumerRegion, dataset.Dataset.Id, purpose, "explain", grant, time.GetUtcNow());
        return DecisionEngine.Decide(policies, request);
    }
}
