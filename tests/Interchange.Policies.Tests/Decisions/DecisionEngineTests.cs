using Interchange.Core.Datasets;
using Interchange.Core.Grants;
using Interchange.Core.Http;
using Interchange.Policies.Decisions;
using Interchange.Policies.Fields;
using Interchange.Policies.Model;

namespace Interchange.Policies.Tests.Decisions;

public sealed class DecisionEngineTests
{
    private const string CivilAffairs = "sz-civil-affairs";
    private const string Shenzhen = "440300";
    private const string Review = "subsistence-allowance-review";

    private static readonly Grant HouseholdGrant = new(
        "grant-1", "household-registration", CivilAffairs, Review, ["id_number", "name", "address", "ethnicity"], DemoLists.Now.AddDays(30), false);

    [Fact]
    public void Decide_UnconditionalListedPurpose_AllowsWithTheEntryRules()
    {
        var decision = Decide("business-licenses", "business-verification");

        Assert.True(decision.Allowed);
        Assert.Equal(DecisionOutcome.Allowed, decision.Outcome);
        Assert.Equal("business-licenses@2026-11-01.1", decision.Rule);
        Assert.Null(decision.Problem);
        Assert.Contains("legal_representative", decision.Fields.ReturnedFields);
        Assert.Equal(FieldRuleKind.Mask, decision.Fields.Find("legal_representative")!.Kind);
        Assert.DoesNotContain("internal_remarks", decision.Fields.ReturnedFields);
    }

    [Fact]
    public void Decide_UnknownDataset_DeniesWithUnknownDatasetAndNoRule()
    {
        var decision = Decide("tax-returns", Review);

        Assert.Equal(DecisionOutcome.UnknownDataset, decision.Outcome);
        Assert.Same(ProblemTypes.UnknownDataset, decision.Problem);
        Assert.Null(decision.Rule);
        Assert.Null(decision.Entry);
        Assert.Same(FieldPlan.Empty, decision.Fields);
    }

    [Fact]
    public void Decide_NotShared_DeniesWithTheLegalBasis()
    {
        var decision = Decide("criminal-records", Review, @case: "case-1");

        Assert.False(decision.Allowed);
        Assert.Equal(DecisionOutcome.NotShared, decision.Outcome);
        Assert.Same(ProblemTypes.NotShared, decision.Problem);
        Assert.Equal("criminal-records@2026-11-01.1", decision.Rule);
        Assert.Contains("Criminal Procedure Law art. 286", decision.Reason, StringComparison.Ordinal);
        Assert.Empty(decision.Fields.ReturnedFields);
    }

    [Fact]
    public void Decide_UnlistedPurpose_DeniesWithPurposeNotPermitted()
    {
        var decision = Decide("business-licenses", "curiosity");

        Assert.Equal(DecisionOutcome.PurposeNotPermitted, decision.Outcome);
        Assert.Same(ProblemTypes.PurposeNotPermitted, decision.Problem);
        Assert.Contains("'curiosity'", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_UnconditionalConsumerListedByAgency_IsAllowedAndOthersAreNot()
    {
        var policies = Policies("""
              - dataset: permits
                classification: general
                sharing: unconditional
                consumers: { agencies: [sz-civil-affairs] }
                purposes: { permit-check: "Check permits" }
                fields: { permit_no: { type: string, rule: allow } }
            """);

        Assert.True(Decide(policies, "permits", "permit-check", CivilAffairs, Shenzhen).Allowed);
        var other = Decide(policies, "permits", "permit-check", "sz-market-regulation", Shenzhen);
        Assert.Equal(DecisionOutcome.ConsumerNotPermitted, other.Outcome);
        Assert.Same(ProblemTypes.ConsumerNotPermitted, other.Problem);
        Assert.Contains("not among the consumers", other.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_UnconditionalConsumersByRegion_AllowsAgenciesWithinTheRegion()
    {
        var policies = Policies("""
              - dataset: permits
                classification: general
                sharing: unconditional
                consumers: { regions: ["440000"] }
                purposes: { permit-check: "Check permits" }
                fields: { permit_no: { type: string, rule: allow } }
            """);

        Assert.True(Decide(policies, "permits", "permit-check", CivilAffairs, "440300").Allowed);
        Assert.True(Decide(policies, "permits", "permit-check", "gz-human-resources", "440100").Allowed);
        Assert.Equal(DecisionOutcome.ConsumerNotPermitted, Decide(policies, "permits", "permit-check", "bj-police", "110000").Outcome);
    }

    [Fact]
    public void Decide_ConditionalWithoutGrant_DeniesWithGrantRequired()
    {
        var decision = Decide("household-registration", Review, @case: "case-1");

        Assert.Equal(DecisionOutcome.GrantRequired, decision.Outcome);
        Assert.Same(ProblemTypes.GrantRequired, decision.Problem);
        Assert.Equal($"No approved grant for purpose '{Review}' on 'household-registration'; apply with requestAccess.", decision.Reason);
    }

    [Fact]
    public void Decide_ConditionalWithGrant_AllowsTheIntersectionOfGrantAndRules()
    {
        var decision = Decide("household-registration", Review, @case: "case-1", grant: HouseholdGrant);

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal("household-registration@2026-11-01.1", decision.Rule);
        // ethnicity is granted but the list drops it; gender is allowed by the list but not granted.
        Assert.Equal(["id_number", "name", "address"], decision.Fields.ReturnedFields);
    }

    [Theory]
    [InlineData("other-consumer")]
    [InlineData("other-purpose")]
    [InlineData("other-dataset")]
    [InlineData("expired")]
    [InlineData("revoked")]
    public void Decide_GrantThatDoesNotFit_DeniesWithGrantRequired(string flaw)
    {
        var grant = flaw switch
        {
            "other-consumer" => HouseholdGrant with { ConsumerId = "gz-human-resources" },
            "other-purpose" => HouseholdGrant with { Purpose = "social-insurance-eligibility" },
            "other-dataset" => HouseholdGrant with { DatasetId = "social-insurance-contributions" },
            "expired" => HouseholdGrant with { Until = DemoLists.Now },
            _ => HouseholdGrant with { Revoked = true },
        };

        var decision = Decide("household-registration", Review, @case: "case-1", grant: grant);

        Assert.Equal(DecisionOutcome.GrantRequired, decision.Outcome);
        Assert.Contains("grant-1", decision.Reason, StringComparison.Ordinal);
        Assert.Empty(decision.Fields.ReturnedFields);
    }

    [Fact]
    public void Decide_ExpiredGrant_DeniesWithGrantRequired()
    {
        var decision = Decide("household-registration", Review, @case: "case-1", grant: HouseholdGrant with { Until = DemoLists.Now.AddSeconds(-1) });

        Assert.Equal(DecisionOutcome.GrantRequired, decision.Outcome);
        Assert.Contains("expired", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Decide_ImportantWithoutCase_DeniesWithCaseRequired(string? @case)
    {
        var decision = Decide("household-registration", Review, @case: @case, grant: HouseholdGrant);

        Assert.Equal(DecisionOutcome.CaseRequired, decision.Outcome);
        Assert.Same(ProblemTypes.CaseRequired, decision.Problem);
    }

    [Fact]
    public void Decide_GeneralConditionalWithGrant_NeedsNoCase()
    {
        var grant = new Grant("grant-2", "social-insurance-contributions", CivilAffairs, Review, ["id_number", "employer_name"], DemoLists.Now.AddDays(1), false);

        var decision = Decide("social-insurance-contributions", Review, grant: grant);

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal(["id_number", "employer_name"], decision.Fields.ReturnedFields);
    }

    [Fact]
    public void Decide_CoreData_IsNeverShared()
    {
        // The loader refuses core data that is not not-shared, so build such an entry by hand to test the engine's own guard.
        var entry = new ListEntry
        {
            DatasetId = "grid-topology", ProviderId = "p", Version = "1",
            Classification = Classification.Core,
            Sharing = SharingType.Unconditional,
            Consumers = ConsumerSet.AnyAgency,
            Purposes = new Dictionary<string, string> { ["planning"] = "Planning" },
        };
        var policies = new PolicySet([new ResponsibilityList { Department = new("p", "P", "440300", null, null), Version = "1", Entries = [entry] }]);

        var decision = Decide(policies, "grid-topology", "planning", CivilAffairs, Shenzhen);

        Assert.Equal(DecisionOutcome.NotShared, decision.Outcome);
        Assert.Contains("core data is never shared", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_EntryPastValidUntil_DeniesAsNotShared()
    {
        var policies = Policies("""
              - dataset: permits
                classification: general
                sharing: unconditional
                consumers: any
                purposes: { permit-check: "Check permits" }
                fields: { permit_no: { type: string, rule: allow } }
                valid_until: 2027-02-28
            """);

        var decision = Decide(policies, "permits", "permit-check", CivilAffairs, Shenzhen);

        Assert.Equal(DecisionOutcome.NotShared, decision.Outcome);
        Assert.Contains("expired", decision.Reason, StringComparison.Ordinal);
        Assert.Equal("permits@2026-11-01.1", decision.Rule);
    }

    [Fact]
    public void Decide_EntryNotYetEffective_DeniesAsNotShared()
    {
        var policies = Policies("""
              - dataset: permits
                classification: general
                sharing: unconditional
                consumers: any
                purposes: { permit-check: "Check permits" }
                fields: { permit_no: { type: string, rule: allow } }
                effective_from: 2027-03-02
            """);

        var decision = Decide(policies, "permits", "permit-check", CivilAffairs, Shenzhen);

        Assert.Equal(DecisionOutcome.NotShared, decision.Outcome);
        Assert.Contains("not yet in force", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_PerPurposeFieldRule_FollowsThePurpose()
    {
        var grant = HouseholdGrant with { Purpose = "social-insurance-eligibility", Fields = ["relationship_to_head", "birth_date"] };

        var insurance = Decide("household-registration", "social-insurance-eligibility", @case: "c", grant: grant);
        var review = Decide("household-registration", Review, @case: "c", grant: HouseholdGrant with { Fields = ["relationship_to_head", "birth_date"] });

        Assert.Equal(["birth_date"], insurance.Fields.ReturnedFields);
        Assert.Equal(["birth_date", "relationship_to_head"], review.Fields.ReturnedFields);
    }

    private static Decision Decide(string dataset, string purpose, string? @case = null, Grant? grant = null) =>
        DecisionEngine.Decide(DemoLists.Policies, new DecisionRequest(CivilAffairs, Shenzhen, dataset, purpose, @case, grant, DemoLists.Now));

    private static Decision Decide(PolicySet policies, string dataset, string purpose, string consumer, string region) =>
        DecisionEngine.Decide(policies, new DecisionRequest(consumer, region, dataset, purpose, null, null, DemoLists.Now));

    private static PolicySet Policies(string entries)
    {
        var result = DemoLists.LoadOne(DemoLists.List(entries));
        return result.PolicySet ?? throw new InvalidOperationException(string.Join("\n", result.Problems));
    }
}
