using System.Net;
using System.Text.Json;
using Interchange.Testing;
using static Interchange.Catalog.Tests.Access.WorkflowApi;

namespace Interchange.Catalog.Tests.Access;

/// <summary><c>decideAccessRequest</c>: only the providing agency, only once, never more than asked, refusals with reasons.</summary>
public sealed class DecideAccessRequestTests(WorkflowFixture fixture) : IClassFixture<WorkflowFixture>
{
    private const string UnknownRequestId = "ar_00000000000000000000000000000000";

    private readonly WorkflowApi _api = new(fixture);

    [Fact]
    public async Task Decide_ApproveAsRequested_CreatesAnActiveGrantWithTheRequestedFieldsAndEnd()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);

        var decided = GraphQLAssert.Ok(await _api.DecideAsync(PublicSecurity, Id(request), approve: true)).GetProperty("decideAccessRequest");

        Assert.Equal("APPROVED", Str(decided, "state"));
        Assert.Equal(PublicSecurity, Str(decided, "decidedBy"));
        Assert.Equal(WorkflowFixture.Start, Time(decided, "decidedAt"));
        var grant = decided.GetProperty("grant");
        Assert.StartsWith("gr_", Id(grant), StringComparison.Ordinal);
        Assert.Equal("ACTIVE", Str(grant, "state"));
        Assert.False(grant.GetProperty("revoked").GetBoolean());
        Assert.Equal(consumer, Str(grant.GetProperty("consumer"), "id"));
        Assert.Equal(PublicSecurity, Str(grant.GetProperty("provider"), "id"));
        Assert.Equal(Household, Str(grant.GetProperty("dataset"), "id"));
        Assert.Equal(Allowance, Str(grant, "purpose"));
        Assert.Equal(Id(request), Str(grant, "requestId"));
        Assert.Equal(GraphQLAssert.Strings(request.GetProperty("fields")), GraphQLAssert.Strings(grant.GetProperty("fields")));
        Assert.Equal(Time(request, "until"), Time(grant, "until"));
    }

    [Fact]
    public async Task Decide_ApproveWithFewerFieldsAndAnEarlierEnd_GrantHasBoth()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer, Input(fields: ["id_number", "name", "address"], until: WorkflowFixture.Start.AddDays(90)));
        var earlier = WorkflowFixture.Start.AddDays(30);

        var decided = GraphQLAssert.Ok(await _api.DecideAsync(PublicSecurity, Id(request), approve: true, fields: ["name"], until: earlier))
            .GetProperty("decideAccessRequest");

        var grant = decided.GetProperty("grant");
        Assert.Equal(["name"], GraphQLAssert.Strings(grant.GetProperty("fields")));
        Assert.Equal(earlier, Time(grant, "until"));
        // The application itself still says what was asked for.
        Assert.Equal(["id_number", "name", "address"], GraphQLAssert.Strings(decided.GetProperty("fields")));
        var held = Assert.Single((await _api.GrantsAsync(consumer)).GetProperty("nodes").EnumerateArray());
        Assert.Equal(Id(grant), Id(held));
        Assert.Equal(["name"], GraphQLAssert.Strings(held.GetProperty("fields")));
        Assert.Equal(earlier, Time(held, "until"));
    }

    [Fact]
    public async Task Decide_ApproveWithFewerFields_GatewayReturnsOnlyThoseFields()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer, Input(fields: ["id_number", "name", "gender"]));
        GraphQLAssert.Ok(await _api.DecideAsync(PublicSecurity, Id(request), approve: true, fields: ["name", "gender"]));

        using var response = await _api.Client.ReadAsync(await _api.TokenAsync(consumer), $"data/{Household}/records?limit=5", Allowance, "case-2026-0042");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var records = (await InterchangeClient.JsonAsync(response)).GetProperty("records");
        Assert.NotEqual(0, records.GetArrayLength());
        Assert.All(records.EnumerateArray(), r => Assert.Subset(new HashSet<string> { "name", "gender" }, r.EnumerateObject().Select(p => p.Name).ToHashSet()));
        Assert.DoesNotContain("CANARY-", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_ApproveWithMoreFieldsThanRequested_IsRefusedAndTheRequestStaysPending()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer, Input(fields: ["name"]));

        var response = await _api.DecideAsync(PublicSecurity, Id(request), approve: true, fields: ["name", "id_number"]);

        var error = GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        Assert.Contains("id_number", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertStillPendingWithoutGrantAsync(consumer, Id(request));
    }

    [Fact]
    public async Task Decide_ApproveWithALaterEndThanRequested_IsRefusedAndTheRequestStaysPending()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer, Input(until: WorkflowFixture.Start.AddDays(30)));

        var response = await _api.DecideAsync(PublicSecurity, Id(request), approve: true, until: WorkflowFixture.Start.AddDays(31));

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        await AssertStillPendingWithoutGrantAsync(consumer, Id(request));
    }

    [Fact]
    public async Task Decide_ApproveWithAnEndInThePast_IsRefusedAndTheRequestStaysPending()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);

        var response = await _api.DecideAsync(PublicSecurity, Id(request), approve: true, until: WorkflowFixture.Start.AddDays(-1));

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        await AssertStillPendingWithoutGrantAsync(consumer, Id(request));
    }

    [Fact]
    public async Task Decide_ApproveWithNoFields_IsRefusedAndTheRequestStaysPending()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);

        var response = await _api.DecideAsync(PublicSecurity, Id(request), approve: true, fields: []);

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        await AssertStillPendingWithoutGrantAsync(consumer, Id(request));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Decide_RefusalWithoutReason_IsRefusedAndTheRequestStaysPending(string? reason)
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);

        var response = await _api.DecideAsync(PublicSecurity, Id(request), approve: false, reason: reason);

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        await AssertStillPendingWithoutGrantAsync(consumer, Id(request));
    }

    [Fact]
    public async Task Decide_RefusalWithOverlongReason_IsRefusedAndTheRequestStaysPending()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);

        var response = await _api.DecideAsync(PublicSecurity, Id(request), approve: false, reason: new string('r', 2001));

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        await AssertStillPendingWithoutGrantAsync(consumer, Id(request));
    }

    [Fact]
    public async Task Decide_RefusalWithReason_IsRefusedWithThatReasonAndNoGrant()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);

        var decided = GraphQLAssert.Ok(await _api.DecideAsync(PublicSecurity, Id(request), approve: false, reason: "  The case does not concern a Shenzhen household.  "))
            .GetProperty("decideAccessRequest");

        Assert.Equal("REFUSED", Str(decided, "state"));
        Assert.Equal("The case does not concern a Shenzhen household.", Str(decided, "reason"));
        Assert.Equal(PublicSecurity, Str(decided, "decidedBy"));
        Assert.Equal(JsonValueKind.Null, decided.GetProperty("grant").ValueKind);
        Assert.Equal(0, (await _api.GrantsAsync(consumer)).GetProperty("totalCount").GetInt64());
        using var read = await _api.Client.ReadAsync(await _api.TokenAsync(consumer), $"data/{Household}/records?limit=1", Allowance, "case-2026-0042");
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal("urn:interchange:problem:grant-required", (await InterchangeClient.JsonAsync(read)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Decide_ApprovalWithAReason_KeepsTheReason()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);

        var decided = GraphQLAssert.Ok(await _api.DecideAsync(PublicSecurity, Id(request), approve: true, reason: "Address not needed for this review.", fields: ["name"]))
            .GetProperty("decideAccessRequest");

        Assert.Equal("APPROVED", Str(decided, "state"));
        Assert.Equal("Address not needed for this review.", Str(decided, "reason"));
    }

    [Fact]
    public async Task Decide_Twice_IsRefusedAndTheFirstDecisionStands()
    {
        var consumer = fixture.NewConsumer();
        var approved = await _api.ApprovedAsync(consumer);
        var grantId = Id(approved.GetProperty("grant"));

        var again = await _api.DecideAsync(PublicSecurity, Id(approved), approve: false, reason: "Changed our mind.");
        var approveAgain = await _api.DecideAsync(PublicSecurity, Id(approved), approve: true);

        GraphQLAssert.Refused(again, "BAD_USER_INPUT");
        GraphQLAssert.Refused(approveAgain, "BAD_USER_INPUT");
        var listed = Assert.Single((await _api.RequestsAsync(consumer)).GetProperty("nodes").EnumerateArray());
        Assert.Equal("APPROVED", Str(listed, "state"));
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("reason").ValueKind);
        Assert.Equal(grantId, Id(listed.GetProperty("grant")));
        Assert.Equal([grantId], GraphQLAssert.Ids(await _api.GrantsAsync(consumer)));
    }

    [Fact]
    public async Task Decide_RefusedRequestAgain_IsRefusedAndStaysRefused()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);
        GraphQLAssert.Ok(await _api.DecideAsync(PublicSecurity, Id(request), approve: false, reason: "No case stated."));

        var response = await _api.DecideAsync(PublicSecurity, Id(request), approve: true);

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        var listed = Assert.Single((await _api.RequestsAsync(consumer)).GetProperty("nodes").EnumerateArray());
        Assert.Equal("REFUSED", Str(listed, "state"));
        Assert.Equal("No case stated.", Str(listed, "reason"));
        Assert.Equal(0, (await _api.GrantsAsync(consumer)).GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task Decide_AnotherProvidersRequest_IsNotFoundLikeAnUnknownIdAndUnchanged()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);

        var foreign = await _api.DecideAsync(HumanResources, Id(request), approve: true);
        var unknown = await _api.DecideAsync(HumanResources, UnknownRequestId, approve: true);

        var foreignError = GraphQLAssert.Refused(foreign, "NOT_FOUND");
        var unknownError = GraphQLAssert.Refused(unknown, "NOT_FOUND");
        Assert.Equal(
            unknownError.GetProperty("message").GetString()!.Replace(UnknownRequestId, "<id>", StringComparison.Ordinal),
            foreignError.GetProperty("message").GetString()!.Replace(Id(request), "<id>", StringComparison.Ordinal));
        Assert.Equal(unknown.Status, foreign.Status);
        Assert.False(foreign.Json.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null);
        await AssertStillPendingWithoutGrantAsync(consumer, Id(request));
    }

    [Fact]
    public async Task Decide_AnotherProvidersRequestRefusal_IsNotFoundAndUnchanged()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);

        var response = await _api.DecideAsync(HumanResources, Id(request), approve: false, reason: "Not ours, but refused anyway.");

        GraphQLAssert.Refused(response, "NOT_FOUND");
        await AssertStillPendingWithoutGrantAsync(consumer, Id(request));
    }

    [Fact]
    public async Task Decide_ByTheRequesterItself_IsForbiddenAndUnchanged()
    {
        // sz-civil-affairs holds no provider role: it cannot decide at all, least of all on its own application.
        var request = await _api.RequestedAsync("sz-civil-affairs", Input(dataset: SocialInsurance, fields: ["status"], @case: null));

        var response = await _api.DecideAsync("sz-civil-affairs", Id(request), approve: true);

        GraphQLAssert.Refused(response, "FORBIDDEN");
        await AssertStillPendingWithoutGrantAsync("sz-civil-affairs", Id(request));
    }

    [Fact]
    public async Task Decide_ByAConsumerOnlyAgency_IsForbiddenAndUnchanged()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);
        var other = fixture.NewConsumer();

        var response = await _api.DecideAsync(other, Id(request), approve: true);

        GraphQLAssert.Refused(response, "FORBIDDEN");
        await AssertStillPendingWithoutGrantAsync(consumer, Id(request));
    }

    [Fact]
    public async Task Decide_ByTheAuditor_IsForbiddenAndUnchanged()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);

        var response = await _api.DecideAsync(Auditor, Id(request), approve: true);

        GraphQLAssert.Refused(response, "FORBIDDEN");
        await AssertStillPendingWithoutGrantAsync(consumer, Id(request));
    }

    [Fact]
    public async Task Decide_ApprovalForOnePurpose_DoesNotOpenAnotherPurposeOrDataset()
    {
        var consumer = fixture.NewConsumer();
        await _api.ApprovedAsync(consumer);
        var token = await _api.TokenAsync(consumer);

        using var granted = await _api.Client.ReadAsync(token, $"data/{Household}/records?limit=1", Allowance, "case-2026-0042");
        using var otherPurpose = await _api.Client.ReadAsync(token, $"data/{Household}/records?limit=1", Eligibility, "case-2026-0042");
        using var otherDataset = await _api.Client.ReadAsync(token, $"data/{SocialInsurance}/records?limit=1", Allowance);

        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherPurpose.StatusCode);
        Assert.Equal("urn:interchange:problem:grant-required", (await InterchangeClient.JsonAsync(otherPurpose)).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, otherDataset.StatusCode);
        Assert.Equal("urn:interchange:problem:grant-required", (await InterchangeClient.JsonAsync(otherDataset)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Decide_GzHumanResourcesOwnDataset_ItDecidesItsOwnApplications()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer, Input(dataset: SocialInsurance, fields: ["employer_name"], @case: null));

        var byOtherProvider = await _api.DecideAsync(PublicSecurity, Id(request), approve: true);
        var byProvider = await _api.DecideAsync(HumanResources, Id(request), approve: true);

        GraphQLAssert.Refused(byOtherProvider, "NOT_FOUND");
        Assert.Equal("APPROVED", Str(GraphQLAssert.Ok(byProvider).GetProperty("decideAccessRequest"), "state"));
    }

    [Fact]
    public async Task Decide_ProviderOnItsOwnApplicationToAnotherProvider_IsNotFoundAndItCannotRevokeTheGrant()
    {
        // sz-public-security is a provider too, but of other datasets: its own application is not its to decide,
        // and the grant it then holds is not its to revoke.
        var request = await _api.RequestedAsync(PublicSecurity, Input(dataset: SocialInsurance, fields: ["status"], @case: null));

        var ownDecision = await _api.DecideAsync(PublicSecurity, Id(request), approve: true);
        var approved = GraphQLAssert.Ok(await _api.DecideAsync(HumanResources, Id(request), approve: true)).GetProperty("decideAccessRequest");
        var ownRevocation = await _api.RevokeAsync(PublicSecurity, Id(approved.GetProperty("grant")));

        GraphQLAssert.Refused(ownDecision, "NOT_FOUND");
        Assert.Equal(HumanResources, Str(approved, "decidedBy"));
        GraphQLAssert.Refused(ownRevocation, "NOT_FOUND");
        var held = (await _api.AllGrantsAsync(PublicSecurity)).Single(g => Id(g) == Id(approved.GetProperty("grant")));
        Assert.Equal("ACTIVE", Str(held, "state"));
    }

    /// <summary>The request is still pending, undecided, and the consumer holds no grant.</summary>
    private async Task AssertStillPendingWithoutGrantAsync(string consumer, string requestId)
    {
        var listed = (await _api.RequestsAsync(consumer)).GetProperty("nodes").EnumerateArray().Single(r => Id(r) == requestId);
        Assert.Equal("PENDING", Str(listed, "state"));
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("decidedBy").ValueKind);
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("reason").ValueKind);
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("grant").ValueKind);
        Assert.Equal(0, (await _api.GrantsAsync(consumer)).GetProperty("totalCount").GetInt64());
        var audit = await _api.AuditAboutAsync(PublicSecurity, requestId);
        audit.AddRange(await _api.AuditAboutAsync(HumanResources, requestId));
        Assert.DoesNotContain(Kinds(audit), k => k is "access-approved" or "access-refused");
    }
}
