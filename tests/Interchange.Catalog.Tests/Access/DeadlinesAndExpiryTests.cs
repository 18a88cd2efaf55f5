using System.Net;
using System.Text.Json;
using Interchange.Testing;
using static Interchange.Catalog.Tests.Access.WorkflowApi;

namespace Interchange.Catalog.Tests.Access;

/// <summary>
/// What changes as time passes: tokens, overdue applications (working days, weekends skipped) and grants that
/// reach their end. The tests of this class move the shared fake clock forward only, and each counts from the
/// time it finds.
/// </summary>
public sealed class DeadlinesAndExpiryTests(WorkflowFixture fixture) : IClassFixture<WorkflowFixture>
{
    private const string GrantRequired = "urn:interchange:problem:grant-required";

    private readonly WorkflowApi _api = new(fixture);

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Fact]
    public async Task Token_AfterTheClockAdvances_IsIssuedOnTheSameClockAndAccepted()
    {
        fixture.Clock.Advance(TimeSpan.FromDays(3));
        var now = Now.ToUnixTimeSeconds();

        var token = await _api.TokenAsync("sz-civil-affairs");

        var claims = Claims(token);
        Assert.Equal(now, claims.GetProperty("iat").GetInt64());
        Assert.Equal(now + 900, claims.GetProperty("exp").GetInt64());
        var response = await _api.Client.GraphQLAsync(token, "{ datasets { totalCount } }");
        GraphQLAssert.Ok(response);
    }

    [Fact]
    public async Task Token_IssuedBeforeTheClockPassesItsExpiry_IsRefused()
    {
        var token = await _api.TokenAsync("sz-civil-affairs");

        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        var response = await _api.Client.GraphQLAsync(token, "{ datasets { totalCount } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        GraphQLAssert.Refused(response, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task AccessRequest_PastItsDeadline_IsOverdueForRequesterProviderAndAuditor()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer, Input(until: Now.AddDays(90)));
        var answered = await _api.RequestedAsync(consumer, Input(purpose: Eligibility, fields: ["name"], until: Now.AddDays(90)));
        GraphQLAssert.Ok(await _api.DecideAsync(PublicSecurity, Id(answered), approve: false, reason: "Not needed for eligibility."));
        var deadline = Time(request, "deadline");

        AdvanceTo(deadline.AddMinutes(-1));
        var before = Overdue(await _api.AllRequestsAsync(consumer), Id(request));
        var beforeFiltered = await _api.AllRequestsAsync(consumer, new { overdue = true });
        AdvanceTo(deadline);
        var atDeadline = Overdue(await _api.AllRequestsAsync(consumer), Id(request));
        var atDeadlineFiltered = await _api.AllRequestsAsync(consumer, new { overdue = true });
        AdvanceTo(deadline.AddMinutes(1));

        Assert.False(before);
        Assert.Empty(beforeFiltered);
        Assert.False(atDeadline);
        Assert.Empty(atDeadlineFiltered);
        Assert.True(Overdue(await _api.AllRequestsAsync(consumer), Id(request)));
        Assert.True(Overdue(await _api.AllRequestsAsync(PublicSecurity, new { role = "PROVIDER" }), Id(request)));
        Assert.True(Overdue(await _api.AllRequestsAsync(Auditor), Id(request)));
        Assert.Equal([Id(request)], (await _api.AllRequestsAsync(consumer, new { overdue = true })).Select(Id));
        Assert.Contains(Id(request), (await _api.AllRequestsAsync(PublicSecurity, new { role = "PROVIDER", overdue = true })).Select(Id));
        Assert.Contains(Id(request), (await _api.AllRequestsAsync(Auditor, new { overdue = true })).Select(Id));
        // A request answered in time is never overdue.
        Assert.False(Overdue(await _api.AllRequestsAsync(consumer), Id(answered)));
        Assert.DoesNotContain(Id(answered), (await _api.AllRequestsAsync(Auditor, new { overdue = true })).Select(Id));
    }

    [Fact]
    public async Task AccessRequest_AppliedOnFriday_IsNotOverdueOnTheFollowingThursdayNightButIsOnSaturday()
    {
        var friday = NextCst(DayOfWeek.Friday, 10);
        AdvanceTo(friday);
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer, Input(until: Now.AddDays(90)));

        // Five working days from a Friday: Mon, Tue, Wed, Thu, Fri — due by the end of the next Friday.
        var nextFridayEnd = new DateTimeOffset(friday.ToOffset(WorkflowFixture.ChinaStandardTime).Date.AddDays(8), WorkflowFixture.ChinaStandardTime);
        Assert.Equal(nextFridayEnd, Time(request, "deadline"));

        AdvanceTo(CstOn(friday, days: 6, hour: 23));
        var thursdayNight = Overdue(await _api.AllRequestsAsync(consumer), Id(request));
        AdvanceTo(CstOn(friday, days: 7, hour: 23, minute: 59));
        var fridayNight = Overdue(await _api.AllRequestsAsync(consumer), Id(request));
        AdvanceTo(CstOn(friday, days: 8, hour: 0, minute: 1));
        var saturday = Overdue(await _api.AllRequestsAsync(consumer), Id(request));

        Assert.False(thursdayNight);
        Assert.False(fridayNight);
        Assert.True(saturday);
        Assert.Equal([Id(request)], (await _api.AllRequestsAsync(consumer, new { overdue = true })).Select(Id));
    }

    [Fact]
    public async Task AccessRequest_OverdueButThenApproved_IsNoLongerOverdue()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer, Input(until: Now.AddDays(90)));
        AdvanceTo(Time(request, "deadline").AddDays(1));
        Assert.True(Overdue(await _api.AllRequestsAsync(consumer), Id(request)));

        var decided = GraphQLAssert.Ok(await _api.DecideAsync(PublicSecurity, Id(request), approve: true)).GetProperty("decideAccessRequest");

        Assert.False(decided.GetProperty("overdue").GetBoolean());
        Assert.Empty(await _api.AllRequestsAsync(consumer, new { overdue = true }));
    }

    [Fact]
    public async Task AccessRequest_PendingPastTheEndItAskedFor_CannotBeApproved()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer, Input(until: Now.AddDays(1)));
        fixture.Clock.Advance(TimeSpan.FromDays(2));

        var response = await _api.DecideAsync(PublicSecurity, Id(request), approve: true);

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        Assert.Equal("PENDING", Str(Assert.Single(await _api.AllRequestsAsync(consumer)), "state"));
        Assert.Empty(await _api.AllGrantsAsync(consumer));
    }

    [Fact]
    public async Task Grant_PastItsEnd_IsRefusedAtTheGatewayListedExpiredAndRecordedOnce()
    {
        var consumer = fixture.NewConsumer();
        var until = Now.AddDays(2);
        var grantId = Id((await _api.ApprovedAsync(consumer, Input(until: until))).GetProperty("grant"));
        using var inForce = await ReadAsync(await _api.TokenAsync(consumer));

        AdvanceTo(until.AddMinutes(1));
        using var expired = await ReadAsync(await _api.TokenAsync(consumer));
        await fixture.RecordExpiriesAsync();
        await fixture.RecordExpiriesAsync();

        Assert.Equal(HttpStatusCode.OK, inForce.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Equal(GrantRequired, (await InterchangeClient.JsonAsync(expired)).GetProperty("type").GetString());
        var grant = Assert.Single(await _api.AllGrantsAsync(consumer));
        Assert.Equal("EXPIRED", Str(grant, "state"));
        Assert.False(grant.GetProperty("revoked").GetBoolean());
        var decision = GraphQLAssert.Ok(await _api.ExplainAsync(consumer, Household, consumer, Allowance)).GetProperty("explainAccess");
        Assert.False(decision.GetProperty("allowed").GetBoolean());
        Assert.Equal(GrantRequired, Str(decision, "problem"));
        var record = Assert.Single(await _api.AuditAboutAsync(PublicSecurity, grantId), e => Str(e, "kind") == "grant-expired");
        Assert.Equal(Household, Str(record, "dataset"));
        Assert.Equal(Allowance, Str(record, "purpose"));
        Assert.Equal("DENIED", Str(record, "decision"));
        Assert.Contains(consumer, Str(record, "detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grant_AtExactlyItsEnd_IsNoLongerInForce()
    {
        var consumer = fixture.NewConsumer();
        var until = Now.AddHours(5);
        await _api.ApprovedAsync(consumer, Input(until: until));

        AdvanceTo(until);
        using var atEnd = await ReadAsync(await _api.TokenAsync(consumer));

        Assert.Equal(HttpStatusCode.Forbidden, atEnd.StatusCode);
        Assert.Equal("EXPIRED", Str(Assert.Single(await _api.AllGrantsAsync(consumer)), "state"));
    }

    [Fact]
    public async Task Grant_PastItsEnd_IsRecordedByTheExpiryMonitorWithoutAScanFromTheTest()
    {
        var consumer = fixture.NewConsumer();
        var until = Now.AddHours(1);
        var grantId = Id((await _api.ApprovedAsync(consumer, Input(until: until))).GetProperty("grant"));

        // Past the end and past a scan interval: the monitor's timer fires on the fake clock and scans in the
        // background, so the test waits (bounded) for the record instead of running the scan itself.
        AdvanceTo(until + WorkflowFixture.ExpiryScanInterval + TimeSpan.FromMinutes(1));
        var records = new List<JsonElement>();
        for (var attempt = 0; attempt < 200 && records.Count == 0; attempt++)
        {
            records = [.. (await _api.AuditAboutAsync(PublicSecurity, grantId)).Where(e => Str(e, "kind") == "grant-expired")];
            if (records.Count == 0)
            {
                await Task.Delay(100);
            }
        }

        Assert.Single(records);
        fixture.Clock.Advance(WorkflowFixture.ExpiryScanInterval * 3);
        await fixture.RecordExpiriesAsync();
        Assert.Single(await _api.AuditAboutAsync(PublicSecurity, grantId), e => Str(e, "kind") == "grant-expired");
    }

    [Fact]
    public async Task Grant_RevokedThenPastItsEnd_IsListedRevokedAndNotRecordedAsExpired()
    {
        var consumer = fixture.NewConsumer();
        var until = Now.AddDays(1);
        var grantId = Id((await _api.ApprovedAsync(consumer, Input(until: until))).GetProperty("grant"));
        GraphQLAssert.Ok(await _api.RevokeAsync(PublicSecurity, grantId));

        AdvanceTo(until.AddHours(1));
        await fixture.RecordExpiriesAsync();

        Assert.Equal("REVOKED", Str(Assert.Single(await _api.AllGrantsAsync(consumer)), "state"));
        Assert.Equal(["grant-revoked"], Kinds((await _api.AuditAboutAsync(PublicSecurity, grantId)).Where(e => Str(e, "kind") != "access-approved")));
    }

    [Fact]
    public async Task Grants_ByState_SeparateActiveExpiredAndRevoked()
    {
        var consumer = fixture.NewConsumer();
        var active = Id((await _api.ApprovedAsync(consumer, Input(until: Now.AddDays(60)))).GetProperty("grant"));
        var expiring = Id((await _api.ApprovedAsync(consumer, Input(purpose: Eligibility, fields: ["name"], until: Now.AddDays(1)))).GetProperty("grant"));
        var revoked = Id((await _api.ApprovedAsync(consumer, Input(dataset: SocialInsurance, fields: ["status"], @case: null, until: Now.AddDays(60)), HumanResources)).GetProperty("grant"));
        GraphQLAssert.Ok(await _api.RevokeAsync(HumanResources, revoked));

        fixture.Clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal([active], (await _api.AllGrantsAsync(consumer, new { state = "ACTIVE" })).Select(Id));
        Assert.Equal([expiring], (await _api.AllGrantsAsync(consumer, new { state = "EXPIRED" })).Select(Id));
        Assert.Equal([revoked], (await _api.AllGrantsAsync(consumer, new { state = "REVOKED" })).Select(Id));
        var all = await _api.AllGrantsAsync(consumer);
        Assert.Equal("ACTIVE", Str(all.Single(g => Id(g) == active), "state"));
        Assert.Equal("EXPIRED", Str(all.Single(g => Id(g) == expiring), "state"));
        Assert.Equal("REVOKED", Str(all.Single(g => Id(g) == revoked), "state"));
        Assert.Equal(1, (await _api.GrantsAsync(consumer, new { state = "EXPIRED" })).GetProperty("totalCount").GetInt64());
    }

    private Task<HttpResponseMessage> ReadAsync(string token) =>
        _api.Client.ReadAsync(token, $"data/{Household}/records?limit=1", Allowance, "case-2026-0042");

    private static bool Overdue(IEnumerable<JsonElement> requests, string id) => requests.Single(r => Id(r) == id).GetProperty("overdue").GetBoolean();

    /// <summary>Moves the shared clock to <paramref name="time"/>, which must not be in its past.</summary>
    private void AdvanceTo(DateTimeOffset time)
    {
        var now = Now;
        Assert.True(time >= now, $"cannot move the clock back from {now:O} to {time:O}");
        fixture.Clock.Advance(time - now);
    }

    /// <summary>The next <paramref name="day"/> at <paramref name="hour"/>:00 CST after now (at least a day ahead, so tests never share a day).</summary>
    private DateTimeOffset NextCst(DayOfWeek day, int hour)
    {
        var local = Now.ToOffset(WorkflowFixture.ChinaStandardTime).Date.AddDays(1);
        while (local.DayOfWeek != day)
        {
            local = local.AddDays(1);
        }

        return new DateTimeOffset(local.AddHours(hour), WorkflowFixture.ChinaStandardTime);
    }

    private static DateTimeOffset CstOn(DateTimeOffset start, int days, int hour, int minute = 0) =>
        new(start.ToOffset(WorkflowFixture.ChinaStandardTime).Date.AddDays(days).AddHours(hour).AddMinutes(minute), WorkflowFixture.ChinaStandardTime);
}
