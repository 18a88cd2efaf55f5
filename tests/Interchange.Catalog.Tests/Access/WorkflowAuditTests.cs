using System.Text.Json;
using static Interchange.Catalog.Tests.Access.WorkflowApi;

namespace Interchange.Catalog.Tests.Access;

/// <summary>Every workflow action is on the audit record, once, as the audit office reads it.</summary>
public sealed class WorkflowAuditTests(WorkflowFixture fixture) : IClassFixture<WorkflowFixture>
{
    private const string Rule = "household-registration@2026-11-01.1";

    private readonly WorkflowApi _api = new(fixture);

    [Fact]
    public async Task RequestAccess_IsRecordedAsAccessRequestedByTheConsumer()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer, Input(fields: ["name", "gender"], @case: "case-2026-0777"));

        var record = Assert.Single(await _api.AuditAboutAsync(consumer, Id(request)));

        Assert.Equal("access-requested", Str(record, "kind"));
        Assert.Equal(consumer, Str(record, "agency"));
        Assert.Equal(Household, Str(record, "dataset"));
        Assert.Equal(Allowance, Str(record, "purpose"));
        Assert.Equal("case-2026-0777", Str(record, "case"));
        Assert.Equal(Rule, Str(record, "rule"));
        Assert.Equal(["name", "gender"], record.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(WorkflowFixture.Start, Time(record, "time"));
    }

    [Fact]
    public async Task Approval_IsRecordedAsAccessApprovedByTheProviderWithTheGrant()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer, Input(fields: ["name", "gender"]));
        var decided = GraphQLAssert.Ok(await _api.DecideAsync(PublicSecurity, Id(request), approve: true, fields: ["gender"]))
            .GetProperty("decideAccessRequest");
        var grantId = Id(decided.GetProperty("grant"));

        var record = Assert.Single(await _api.AuditAboutAsync(PublicSecurity, Id(request)));

        Assert.Equal("access-approved", Str(record, "kind"));
        Assert.Equal(PublicSecurity, Str(record, "agency"));
        Assert.Equal(Household, Str(record, "dataset"));
        Assert.Equal(Allowance, Str(record, "purpose"));
        Assert.Equal("ALLOWED", Str(record, "decision"));
        Assert.Contains(grantId, Str(record, "detail"), StringComparison.Ordinal);
        Assert.Equal(["gender"], record.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Refusal_IsRecordedAsAccessRefusedWithTheReason()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);
        GraphQLAssert.Ok(await _api.DecideAsync(PublicSecurity, Id(request), approve: false, reason: "The case concerns another city."));

        var record = Assert.Single(await _api.AuditAboutAsync(PublicSecurity, Id(request)));

        Assert.Equal("access-refused", Str(record, "kind"));
        Assert.Equal("DENIED", Str(record, "decision"));
        Assert.Contains("The case concerns another city.", Str(record, "detail"), StringComparison.Ordinal);
        Assert.Empty(record.GetProperty("fields").EnumerateArray());
    }

    [Fact]
    public async Task Revocation_IsRecordedAsGrantRevokedByTheProvider()
    {
        var consumer = fixture.NewConsumer();
        var grantId = Id((await _api.ApprovedAsync(consumer)).GetProperty("grant"));
        GraphQLAssert.Ok(await _api.RevokeAsync(PublicSecurity, grantId));

        var records = await _api.AuditAboutAsync(PublicSecurity, grantId);

        var revoked = Assert.Single(records, r => Str(r, "kind") == "grant-revoked");
        Assert.Equal(Household, Str(revoked, "dataset"));
        Assert.Equal(Allowance, Str(revoked, "purpose"));
        Assert.Contains(consumer, Str(revoked, "detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WholeWorkflow_RecordsEachActionOnceInOrder()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);
        var decided = GraphQLAssert.Ok(await _api.DecideAsync(PublicSecurity, Id(request), approve: true)).GetProperty("decideAccessRequest");
        var grantId = Id(decided.GetProperty("grant"));
        // Refused attempts add nothing.
        GraphQLAssert.Refused(await _api.DecideAsync(PublicSecurity, Id(request), approve: true), "BAD_USER_INPUT");
        GraphQLAssert.Refused(await _api.DecideAsync(HumanResources, Id(request), approve: false, reason: "x"), "NOT_FOUND");
        GraphQLAssert.Ok(await _api.RevokeAsync(PublicSecurity, grantId));
        GraphQLAssert.Refused(await _api.RevokeAsync(PublicSecurity, grantId), "BAD_USER_INPUT");

        var byConsumer = await _api.AuditAboutAsync(consumer, Id(request));
        var byProvider = (await _api.AuditOfAsync(PublicSecurity))
            .Where(e => (e.GetProperty("detail").GetString() ?? "") is var detail
                && (detail.Contains(Id(request), StringComparison.Ordinal) || detail.Contains(grantId, StringComparison.Ordinal)))
            .ToList();
        var byOther = (await _api.AuditOfAsync(HumanResources)).Where(e => (e.GetProperty("detail").GetString() ?? "").Contains(Id(request), StringComparison.Ordinal));

        Assert.Equal(["access-requested"], Kinds(byConsumer));
        Assert.Equal(["access-approved", "grant-revoked"], Kinds(byProvider));
        Assert.Empty(byOther);
    }

    [Fact]
    public async Task RefusedApplication_LeavesNoRecord()
    {
        var consumer = fixture.NewConsumer();

        GraphQLAssert.Refused(await _api.RequestAccessAsync(consumer, Input(fields: ["internal_remarks"])), "BAD_USER_INPUT");

        Assert.Empty(await _api.AuditOfAsync(consumer));
    }

    [Fact]
    public async Task AuditEvents_WorkflowRecords_AreNotReadableByTheConsumer()
    {
        var consumer = fixture.NewConsumer();
        await _api.RequestedAsync(consumer);

        var response = await _api.GraphQLAsync(consumer, "{ auditEvents { totalCount nodes { kind detail } } }");

        GraphQLAssert.Refused(response, "FORBIDDEN");
        Assert.False(response.Json.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null);
    }
}
