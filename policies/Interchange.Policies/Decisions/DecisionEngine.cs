using Interchange.Core.Datasets;
using Interchange.Policies.Fields;
using Interchange.Policies.Model;

namespace Interchange.Policies.Decisions;

/// <summary>
/// Decides one access from the responsibility lists, in the order docs/responsibility-lists.md states, so
/// that a refusal names the first step that refused it. The data plane and <c>explainAccess</c>
/// both call it; the allow path reuses cached plans and constant reasons, so it allocates nothing.
/// </summary>
public static class DecisionEngine
{
    private const string UnconditionalReason = "Shared unconditionally with this consumer for this purpose.";
    private const string GrantedReason = "Allowed under an approved grant in force for this consumer and purpose.";
    private const int MaxNamedMethod = 16;

    public static Decision Decide(PolicySet policies, in DecisionRequest request)
    {
        if (!policies.TryGetEntry(request.DatasetId, out var entry))
        {
            return Deny(DecisionOutcome.UnknownDataset, null, $"No responsibility list names the dataset '{request.DatasetId}'.");
        }

        if (entry.IsBeforeEffective(request.Now))
        {
            return Deny(DecisionOutcome.NotShared, entry, $"The list entry for '{entry.DatasetId}' is not yet in force (effective from {entry.EffectiveFrom:yyyy-MM-dd}).");
        }

        if (entry.IsExpired(request.Now))
        {
            return Deny(DecisionOutcome.NotShared, entry, $"The list entry for '{entry.DatasetId}' expired at {entry.ValidUntil:yyyy-MM-dd HH:mm zzz}.");
        }

        if (entry.Sharing == SharingType.NotShared)
        {
            return Deny(DecisionOutcome.NotShared, entry, $"'{entry.DatasetId}' is not shared (不予共享). Legal basis: {entry.LegalBasis}");
        }

        if (entry.Classification == Classification.Core)
        {
            return Deny(DecisionOutcome.NotShared, entry, $"'{entry.DatasetId}' is core data; core data is never shared through the interchange.");
        }

        // Before purpose, consumer and grant: a method the entry does not take is refused whoever asks, without a grant lookup.
        if (!entry.Permits(request.Method))
        {
            return Deny(DecisionOutcome.MethodNotAllowed, entry,
                $"'{entry.DatasetId}' takes {entry.Allow} only; the list entry does not permit {Named(request.Method)} to reach its source.");
        }

        if (!entry.Purposes.ContainsKey(request.Purpose))
        {
            return Deny(DecisionOutcome.PurposeNotPermitted, entry,
                $"Purpose '{request.Purpose}' is not permitted for '{entry.DatasetId}'; permitted purposes: {string.Join(", ", entry.Purposes.Keys)}.");
        }

        // An open consumer set (conditional only; the loader requires consumers for unconditional) matches everyone.
        // Its own outcome: the purpose was fine, so a purpose refusal would send the agency after the wrong step.
        if (!entry.Consumers.Matches(request.ConsumerId, request.ConsumerRegion))
        {
            return Deny(DecisionOutcome.ConsumerNotPermitted, entry,
                $"Agency '{request.ConsumerId}' (region {request.ConsumerRegion}) is not among the consumers of '{entry.DatasetId}' that rule {entry.RuleId} names.");
        }

        if (entry.Sharing == SharingType.Conditional && GrantProblem(entry, request) is { } problem)
        {
            return Deny(DecisionOutcome.GrantRequired, entry, problem);
        }

        if (entry.Classification == Classification.Important && string.IsNullOrWhiteSpace(request.Case))
        {
            return Deny(DecisionOutcome.CaseRequired, entry,
                $"'{entry.DatasetId}' is important data; every access must name its case in the Interchange-Case header.");
        }

        return entry.Sharing == SharingType.Conditional
            ? new Decision(DecisionOutcome.Allowed, entry, GrantedReason, entry.PlanFor(request.Purpose, request.ConsumerId, request.Grant!))
            : new Decision(DecisionOutcome.Allowed, entry, UnconditionalReason, entry.PlanFor(request.Purpose, request.ConsumerId));
    }

    private static string? GrantProblem(ListEntry entry, in DecisionRequest request)
    {
        const string apply = "apply with requestAccess.";
        if (request.Grant is not { } grant)
        {
            return $"No approved grant for purpose '{request.Purpose}' on '{entry.DatasetId}'; {apply}";
        }

        if (!string.Equals(grant.DatasetId, entry.DatasetId, StringComparison.Ordinal))
        {
            return $"Grant '{grant.Id}' is for dataset '{grant.DatasetId}', not '{entry.DatasetId}'; {apply}";
        }

        if (!string.Equals(grant.ConsumerId, request.ConsumerId, StringComparison.Ordinal))
        {
            return $"Grant '{grant.Id}' was given to '{grant.ConsumerId}', not to '{request.ConsumerId}'; {apply}";
        }

        if (!string.Equals(grant.Purpose, request.Purpose, StringComparison.Ordinal))
        {
            return $"Grant '{grant.Id}' is for purpose '{grant.Purpose}', not '{request.Purpose}'; {apply}";
        }

        if (grant.Revoked)
        {
            return $"Grant '{grant.Id}' on '{entry.DatasetId}' was revoked; {apply}";
        }

        if (!grant.IsInForce(request.Now))
        {
            return $"Grant '{grant.Id}' on '{entry.DatasetId}' expired at {grant.Until:yyyy-MM-dd HH:mm zzz}; {apply}";
        }

        return null;
    }

    /// <summary>The method as the reason names it: a client may send any token as a method, and the reason goes on record.</summary>
    private static string Named(string? method) => method is { Length: > 0 and <= MaxNamedMethod } ? method : "that method";

    private static Decision Deny(DecisionOutcome outcome, ListEntry? entry, string reason) => new(outcome, entry, reason, FieldPlan.Empty);
}
