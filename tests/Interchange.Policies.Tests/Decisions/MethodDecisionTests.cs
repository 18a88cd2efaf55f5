using Interchange.Core.Http;
using Interchange.Policies.Decisions;

namespace Interchange.Policies.Tests.Decisions;

/// <summary>The method rule lives in the engine, so the data plane and the catalogue's explanation give the same answer.</summary>
public sealed class MethodDecisionTests
{
    private const string CivilAffairs = "sz-civil-affairs";
    private const string Shenzhen = "440300";

    private static readonly Lazy<PolicySet> WithQuery = new(() =>
    {
        var result = DemoLists.LoadOne(DemoLists.List("""
              - dataset: permits
                classification: general
                sharing: unconditional
                consumers: any
                purposes: { permit-check: "Check permits" }
                fields: { permit_no: { type: string, rule: allow } }
                methods: [GET, POST]
            """));
        return result.PolicySet ?? throw new InvalidOperationException(string.Join("\n", result.Problems));
    });

    [Theory]
    [InlineData("DELETE")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("POST")]
    [InlineData("OPTIONS")]
    [InlineData("get")]
    public void Decide_MethodOtherThanAReadWithoutMethodsListed_DeniesWithMethodNotAllowed(string method)
    {
        var decision = Decide(DemoLists.Policies, "business-licenses", "business-verification", method);

        Assert.False(decision.Allowed);
        Assert.Equal(DecisionOutcome.MethodNotAllowed, decision.Outcome);
        Assert.Equal(ProblemTypes.MethodNotAllowed, decision.Problem);
        Assert.Equal(405, decision.Problem!.Status);
        Assert.Equal("business-licenses@2026-11-01.1", decision.Rule);
        Assert.Equal("GET, HEAD", decision.Entry!.Allow);
        Assert.Contains(method, decision.Reason, StringComparison.Ordinal);
        Assert.Empty(decision.Fields.ReturnedFields);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public void Decide_ReadWithoutMethodsListed_Allows(string method)
    {
        Assert.True(Decide(DemoLists.Policies, "business-licenses", "business-verification", method).Allowed);
    }

    [Fact]
    public void Decide_PostOnAnEntryListingPost_AllowsAndHeadIsNoLongerImplied()
    {
        var post = Decide(WithQuery.Value, "permits", "permit-check", "POST");
        var head = Decide(WithQuery.Value, "permits", "permit-check", "HEAD");

        Assert.True(post.Allowed);
        Assert.Equal(DecisionOutcome.MethodNotAllowed, head.Outcome);
        Assert.Equal("GET, POST", head.Entry!.Allow);
    }

    [Fact]
    public void Decide_WriteOnANotSharedEntry_StillAnswersNotShared()
    {
        var decision = Decide(DemoLists.Policies, "criminal-records", "subsistence-allowance-review", "DELETE");

        Assert.Equal(DecisionOutcome.NotShared, decision.Outcome);
    }

    [Fact]
    public void Decide_WriteOnAConditionalEntryWithoutGrant_IsRefusedForTheMethodBeforeAnyGrantIsNeeded()
    {
        // The data plane looks a grant up only on grant-required: a write never costs a store lookup.
        var decision = Decide(DemoLists.Policies, "household-registration", "subsistence-allowance-review", "PUT");

        Assert.Equal(DecisionOutcome.MethodNotAllowed, decision.Outcome);
    }

    [Fact]
    public void Decide_LongCustomMethod_IsNotCopiedIntoTheReason()
    {
        var method = new string('X', 4000);

        var decision = Decide(DemoLists.Policies, "business-licenses", "business-verification", method);

        Assert.Equal(DecisionOutcome.MethodNotAllowed, decision.Outcome);
        Assert.DoesNotContain("XXXXXXXXXXXXXXXXX", decision.Reason, StringComparison.Ordinal);
        Assert.True(decision.Reason.Length < 200, decision.Reason);
    }

    [Fact]
    public void Decide_CachedAllowOfAListedPost_DoesNotAllocate()
    {
        var request = new DecisionRequest(CivilAffairs, Shenzhen, "permits", "permit-check", null, null, DemoLists.Now, "POST");
        var policies = WithQuery.Value;
        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(DecisionEngine.Decide(policies, request).Allowed);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            DecisionEngine.Decide(policies, request);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static Decision Decide(PolicySet policies, string dataset, string purpose, string method) =>
        DecisionEngine.Decide(policies, new DecisionRequest(CivilAffairs, Shenzhen, dataset, purpose, null, null, DemoLists.Now, method));
}
