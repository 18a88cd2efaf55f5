using System.Net;
using System.Text.Json;
using Interchange.Core.Http;
using Interchange.Samples;
using static Interchange.EndToEnd.Tests.ConditionalSharing.SharingClient;

namespace Interchange.EndToEnd.Tests.ConditionalSharing;

/// <summary>The demo story of docs/contract.md end to end: apply, approve, read masked, revoke, and the auditor sees it all.</summary>
public sealed class ConditionalDemoStoryTests : FreshInterchange
{
    private static readonly string[] ApprovedFields = ["id_number", "name", "address"];

    [Fact]
    public async Task CivilAffairs_IsRefusedAppliesIsApprovedReadsMaskedAndIsRevoked_AuditorSeesEveryStep()
    {
        var source = Source(0);
        var key = Key(0);
        var recordPath = "records/" + key;

        // The unconditional dataset is read at once; the conditional one is refused until a grant exists.
        var licence = DemoData.BusinessLicenses[0];
        var businessRead = await Sharing.ReadAsync(CivilAffairs, DemoData.BusinessLicensesId, $"records/{licence["uscc"]}", @case: null);
        Assert.Equal((string)licence["company_name"]!, (await JsonAsync(businessRead)).GetProperty("company_name").GetString());
        var refusedBefore = await Sharing.ReadAsync(CivilAffairs, Household, recordPath);
        var refusedProblem = await ProblemAsync(refusedBefore, HttpStatusCode.Forbidden, "grant-required");
        Assert.StartsWith("household-registration@", refusedProblem.GetProperty("rule").GetString(), StringComparison.Ordinal);
        RecordsRefused(await Sharing.RecordsAsync(CivilAffairs, Household, recordPath), "FORBIDDEN", "grant-required");

        // Civil affairs applies; public security finds the application waiting for its decision.
        var applied = await Sharing.TryRequestAccessAsync(CivilAffairs);
        var request = Succeeded(applied, "requestAccess");
        var requestId = Id(request);
        Assert.Equal("PENDING", request.GetProperty("state").GetString());
        Assert.Equal(CivilAffairs, request.GetProperty("requester").GetProperty("id").GetString());
        Assert.Equal(PublicSecurity, request.GetProperty("provider").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, request.GetProperty("grant").ValueKind);
        var waiting = await Sharing.RequestsAsync(PublicSecurity, role: "PROVIDER", state: "PENDING");
        var seenByProvider = Assert.Single(waiting);
        Assert.Equal(requestId, Id(seenByProvider));
        Assert.Equal(RequestedFields, seenByProvider.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(Case, seenByProvider.GetProperty("case").GetString());

        // Public security approves fewer fields than asked: not the relationship to the head of household.
        var approval = await Sharing.TryDecideAsync(PublicSecurity, requestId, approve: true, fields: ApprovedFields);
        var decided = Succeeded(approval, "decideAccessRequest");
        Assert.Equal("APPROVED", decided.GetProperty("state").GetString());
        Assert.Equal(PublicSecurity, decided.GetProperty("decidedBy").GetString());
        var grant = decided.GetProperty("grant");
        var grantId = Id(grant);
        Assert.Equal(ApprovedFields, grant.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(CivilAffairs, grant.GetProperty("consumer").GetProperty("id").GetString());
        Assert.Equal("ACTIVE", grant.GetProperty("state").GetString());
        Assert.Empty(await Sharing.RequestsAsync(PublicSecurity, role: "PROVIDER", state: "PENDING"));
        Assert.Equal(grantId, Id(Assert.Single(await Sharing.GrantsAsync(CivilAffairs, state: "ACTIVE"))));
        var explained = Succeeded(await Sharing.AsAsync(CivilAffairs, """
            query($consumer: ID!) { explainAccess(dataset: "household-registration", consumer: $consumer, purpose: "subsistence-allowance-review") { allowed fields } }
            """, new { consumer = CivilAffairs }), "explainAccess");
        Assert.True(explained.GetProperty("allowed").GetBoolean());

        // The same read now succeeds, masked, with only the granted fields.
        var allowed = await Sharing.ReadAsync(CivilAffairs, Household, recordPath);
        var record = await JsonAsync(allowed);
        Assert.StartsWith("household-registration@", allowed.Headers.GetValues(InterchangeHeaders.Rule).Single(), StringComparison.Ordinal);
        Assert.Equal(ApprovedFields.Order(StringComparer.Ordinal), Names(record));
        Assert.Equal(key[..6] + new string('*', key.Length - 10) + key[^4..], record.GetProperty("id_number").GetString());
        var name = (string)source["name"]!;
        Assert.Equal(name[..1] + new string('*', name.Length - 1), record.GetProperty("name").GetString());
        var district = record.GetProperty("address").GetString()!;
        Assert.EndsWith("区", district, StringComparison.Ordinal);
        Assert.StartsWith(district, (string)source["address"]!, StringComparison.Ordinal);
        Assert.NotEqual((string)source["address"]!, district);

        // GraphQL gives exactly the same JSON for the same caller, purpose and record.
        var viaGraphQL = Succeeded(await Sharing.RecordsAsync(CivilAffairs, Household, recordPath), "records");
        Assert.Equal(Canonical(record), Canonical(viaGraphQL));

        // Requested but not approved, or never grantable: no answer carries it as a field.
        Assert.DoesNotContain(Sharing.Client.Seen, body => body.Contains("\"relationship_to_head\":", StringComparison.Ordinal));
        Assert.DoesNotContain(Sharing.Client.Seen, body => body.Contains("\"internal_remarks\":", StringComparison.Ordinal));

        // The provider revokes: the next reads by either door are refused.
        var revocation = await Sharing.TryRevokeAsync(PublicSecurity, grantId);
        Assert.True(Succeeded(revocation, "revokeGrant").GetProperty("revoked").GetBoolean());
        var refusedAfter = await Sharing.ReadAsync(CivilAffairs, Household, recordPath);
        await ProblemAsync(refusedAfter, HttpStatusCode.Forbidden, "grant-required");
        var refusedAfterViaGraphQL = RecordsRefused(await Sharing.RecordsAsync(CivilAffairs, Household, recordPath), "FORBIDDEN", "grant-required");

        // Criminal records are never shared, by either door.
        var criminal = await Sharing.ReadAsync(CivilAffairs, DemoData.CriminalRecordsId, "records");
        await ProblemAsync(criminal, HttpStatusCode.Forbidden, "not-shared");
        RecordsRefused(await Sharing.RecordsAsync(CivilAffairs, DemoData.CriminalRecordsId, "records"), "FORBIDDEN", "not-shared");

        // The audit office sees every access and every step of the workflow, with the agency that acted.
        var events = await Sharing.AuditEventsAsync();
        var byRequest = events.Where(e => e.GetProperty("kind").GetString() == "data-access")
            .ToDictionary(e => e.GetProperty("requestId").GetString()!);
        AssertAccess(byRequest, businessRead, DemoData.BusinessLicensesId, "ALLOWED", problem: null);
        AssertAccess(byRequest, refusedBefore, Household, "DENIED", "grant-required");
        var audited = AssertAccess(byRequest, allowed, Household, "ALLOWED", problem: null);
        Assert.Equal(ApprovedFields.Order(StringComparer.Ordinal), audited.GetProperty("fields").EnumerateArray().Select(f => f.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(Case, audited.GetProperty("case").GetString());
        AssertAccess(byRequest, refusedAfter, Household, "DENIED", "grant-required");
        AssertAccess(byRequest, criminal, DemoData.CriminalRecordsId, "DENIED", "not-shared");
        Assert.True(byRequest.ContainsKey(refusedAfterViaGraphQL.GetProperty("requestId").GetString()!), "the refused GraphQL read has no audit record");
        Assert.Equal(2, byRequest.Values.Count(e => e.GetProperty("dataset").GetString() == Household && e.GetProperty("decision").GetString() == "ALLOWED"));

        var requested = Workflow(events, "access-requested", requestId);
        Assert.Equal(CivilAffairs, requested.GetProperty("agency").GetString());
        Assert.Equal(Allowance, requested.GetProperty("purpose").GetString());
        Assert.Equal(Case, requested.GetProperty("case").GetString());
        Assert.Equal(applied.RequestId, requested.GetProperty("requestId").GetString());
        var approved = Workflow(events, "access-approved", grantId);
        Assert.Equal(PublicSecurity, approved.GetProperty("agency").GetString());
        Assert.Equal(ApprovedFields, approved.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(approval.RequestId, approved.GetProperty("requestId").GetString());
        var revoked = Workflow(events, "grant-revoked", grantId);
        Assert.Equal(PublicSecurity, revoked.GetProperty("agency").GetString());
        Assert.Equal(revocation.RequestId, revoked.GetProperty("requestId").GetString());
        Assert.Contains(CivilAffairs, revoked.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Workflow steps come in the order they happened.
        var order = events.Select(e => e.GetProperty("kind").GetString()).Where(k => k is "access-requested" or "access-approved" or "grant-revoked");
        Assert.Equal(["access-requested", "access-approved", "grant-revoked"], order);

        Sharing.AssertNoCanary();
    }

    [Fact]
    public async Task Provider_RefusingWithReasons_LeavesNoGrantAndTheReadRefused_AndCannotDecideTwice()
    {
        var request = Id(await Sharing.RequestAccessAsync(CivilAffairs));

        var withoutReason = await Sharing.TryDecideAsync(PublicSecurity, request, approve: false);
        Refused(withoutReason, "decideAccessRequest", "BAD_USER_INPUT");
        Assert.Single(await Sharing.RequestsAsync(PublicSecurity, "PROVIDER", "PENDING"));
        var refusal = await Sharing.TryDecideAsync(PublicSecurity, request, approve: false, reason: "The case file does not name this household.");
        var refused = Succeeded(refusal, "decideAccessRequest");
        var again = await Sharing.TryDecideAsync(PublicSecurity, request, approve: true);

        Assert.Equal("REFUSED", refused.GetProperty("state").GetString());
        Assert.Equal("The case file does not name this household.", refused.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, refused.GetProperty("grant").ValueKind);
        Refused(again, "decideAccessRequest", "BAD_USER_INPUT");
        Assert.Equal("REFUSED", Assert.Single(await Sharing.RequestsAsync(CivilAffairs)).GetProperty("state").GetString());
        Assert.Empty(await Sharing.GrantsAsync(CivilAffairs));
        await ProblemAsync(await Sharing.ReadAsync(CivilAffairs, Household, "records/" + Key(0)), HttpStatusCode.Forbidden, "grant-required");
        var events = await Sharing.AuditEventsAsync();
        var audited = Assert.Single(events, e => e.GetProperty("kind").GetString() == "access-refused");
        Assert.Equal(PublicSecurity, audited.GetProperty("agency").GetString());
        Assert.Equal("DENIED", audited.GetProperty("decision").GetString());
        Assert.Equal(refusal.RequestId, audited.GetProperty("requestId").GetString());
        Assert.DoesNotContain(events, e => e.GetProperty("kind").GetString() == "access-approved");
        Sharing.AssertNoCanary();
    }

    private static JsonElement AssertAccess(Dictionary<string, JsonElement> events, HttpResponseMessage response, string dataset, string decision, string? problem)
    {
        Assert.True(events.TryGetValue(RequestId(response), out var audited), $"no audit event for request {RequestId(response)}");
        Assert.Equal(CivilAffairs, audited.GetProperty("agency").GetString());
        Assert.Equal(dataset, audited.GetProperty("dataset").GetString());
        Assert.Equal(decision, audited.GetProperty("decision").GetString());
        Assert.Equal((int)response.StatusCode, audited.GetProperty("status").GetInt32());
        Assert.Equal(problem is null ? null : ProblemPrefix + problem, audited.GetProperty("problem").GetString());
        return audited;
    }

    /// <summary>The one workflow event of a kind whose detail names the request or grant.</summary>
    private static JsonElement Workflow(List<JsonElement> events, string kind, string id)
    {
        var matching = events.Where(e => e.GetProperty("kind").GetString() == kind
            && (e.GetProperty("detail").GetString() ?? "").Contains(id, StringComparison.Ordinal)).ToList();
        Assert.True(matching.Count == 1, $"expected one {kind} event naming {id}, found {matching.Count}");
        var found = matching[0];
        Assert.Equal(Household, found.GetProperty("dataset").GetString());
        return found;
    }
}
