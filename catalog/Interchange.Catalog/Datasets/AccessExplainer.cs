using Interchange.Catalog.Schema;
using Interchange.Policies;
using Interchange.Policies.Decisions;
using Interchange.ServiceDefaults.Tokens;

namespace Interchange.Catalog.Datasets;

/// <summary>Answers "what would happen if this agency read this dataset" with the gateway's own decision function.</summary>
public static class AccessExplainer
{
    /// <summary>
    /// The decision for <paramref name="purpose"/>, or, when none is given, for the first listed purpose
    /// that would be allowed (else the first listed purpose's refusal).
    /// </summary>
    public static AccessExplanation Explain(PolicySet policies, DatasetView dataset, AgencyPrincipal caller, string? purpose, TimeProvider time)
    {
        var now = time.GetUtcNow();
        if (purpose is not null)
        {
            return new AccessExplanation(purpose, Decide(policies, dataset, caller, purpose, now));
        }

        AccessExplanation? first = null;
        foreach (var listed in dataset.Entry?.Purposes.Keys ?? [])
        {
            var explanation = new AccessExplanation(listed, Decide(policies, dataset, caller, listed, now));
            if (explanation.Decision.Allowed)
            {
                return explanation;
            }

            first ??= explanation;
        }

        return first ?? new AccessExplanation("", Decide(policies, dataset, caller, "", now));
    }

    private static Decision Decide(PolicySet policies, DatasetView dataset, AgencyPrincipal caller, string purpose, DateTimeOffset now)
    {
        // The explanation assumes the case reference a real call would carry; it says so when one is needed.
        var request = new DecisionRequest(caller.AgencyId, caller.Region, dataset.Dataset.Id, purpose, "explain", Grant: null, now);
        return DecisionEngine.Decide(policies, request);
    }
}
