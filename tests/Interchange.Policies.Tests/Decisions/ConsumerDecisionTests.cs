using Interchange.Core.Http;
using Interchange.Policies.Decisions;

namespace Interchange.Policies.Tests.Decisions;

/// <summary>
/// The consumer step refuses with its own problem type, so an agency outside an entry's consumers is not told that
/// its purpose was the trouble (RESPONSIBILITY-LIST.md: a refusal names the step that refused it).
/// </summary>
public sealed class ConsumerDecisionTests
{
    private const string CivilAffairs = "sz-civil-affairs";
    private const string MarketRegulation = "sz-market-regulation";
    private const string Shenzhen = "440300";
    private const string Rule = "permits@2026-11-01.1";

    private static readonly Lazy<PolicySet> Restricted = new(() => Load("""
          - dataset: permits
            classification: general
            sharing: unconditional
            consumers: { agencies: [sz-civil-affairs], regions: ["440100"] }
            purposes: { permit-check: "Check permits" }
            fields: { permit_no: { type: string, rule: allow } }
          - dataset: licences
            classification: general
            sharing: conditional
            consumers: { agencies: [sz-civil-affairs] }
            purposes: { licence-check: "Check licences" }
            fields: { licence_no: { type: string, rule: allow } }
        """));

    [Fact]
    public void Decide_AgencyOutsideTheEntrysConsumers_DeniesWithConsumerNotPermittedNamingTheRule()
    {
        var decision = Decide("permits", "permit-check", MarketRegulation, Shenzhen);

        Assert.False(decision.Allowed);
        Assert.Equal(DecisionOutcome.ConsumerNotPermitted, decision.Outcome);
        Assert.Same(ProblemTypes.ConsumerNotPermitted, decision.Problem);
        Assert.Equal("urn:interchange:problem:consumer-not-permitted", decision.Problem!.Uri);
        Assert.Equal(403, decision.Problem.Status);
        Assert.Equal("Consumer not permitted", decision.Problem.Title);
        Assert.Equal(Rule, decision.Rule);
        Assert.Contains($"'{MarketRegulation}'", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("not among the consumers", decision.Reason, StringComparison.Ordinal);
        Assert.Contains(Rule, decision.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("urpose", decision.Reason, StringComparison.Ordinal);
        Assert.Empty(decision.Fields.ReturnedFields);
    }

    [Fact]
    public void Decide_AgencyOutsideTheEntrysRegions_DeniesWithConsumerNotPermitted()
    {
        Assert.True(Decide("permits", "permit-check", "gz-human-resources", "440100").Allowed);

        var decision = Decide("permits", "permit-check", "bj-police", "110000");

        Assert.Equal(DecisionOutcome.ConsumerNotPermitted, decision.Outcome);
        Assert.Same(ProblemTypes.ConsumerNotPermitted, decision.Problem);
        Assert.Contains("region 110000", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ListedConsumerWithUnlistedPurpose_StillDeniesWithPurposeNotPermitted()
    {
        var decision = Decide("permits", "tax-collection", CivilAffairs, Shenzhen);

        Assert.Equal(DecisionOutcome.PurposeNotPermitted, decision.Outcome);
        Assert.Same(ProblemTypes.PurposeNotPermitted, decision.Problem);
        Assert.Contains("'tax-collection'", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_UnlistedConsumerWithUnlistedPurpose_RefusesAtThePurposeStepThatComesFirst()
    {
        var decision = Decide("permits", "tax-collection", MarketRegulation, Shenzhen);

        Assert.Equal(DecisionOutcome.PurposeNotPermitted, decision.Outcome);
    }

    [Fact]
    public void Decide_ConditionalEntryNamingConsumers_RefusesAnotherAgencyAsConsumerNotPermittedBeforeAskingForAGrant()
    {
        var outsider = Decide("licences", "licence-check", MarketRegulation, Shenzhen);
        var listed = Decide("licences", "licence-check", CivilAffairs, Shenzhen);

        Assert.Equal(DecisionOutcome.ConsumerNotPermitted, outsider.Outcome);
        Assert.Same(ProblemTypes.ConsumerNotPermitted, outsider.Problem);
        Assert.Equal(DecisionOutcome.GrantRequired, listed.Outcome);
    }

    private static Decision Decide(string dataset, string purpose, string consumer, string region) =>
        DecisionEngine.Decide(Restricted.Value, new DecisionRequest(consumer, region, dataset, purpose, null, null, DemoLists.Now));

    private static PolicySet Load(string entries)
    {
        var result = DemoLists.LoadOne(DemoLists.List(entries));
        return result.PolicySet ?? throw new InvalidOperationException(string.Join("\n", result.Problems));
    }
}
