using System.Net;
using System.Text.Json;
using Interchange.Testing;
using static Interchange.Catalog.Tests.Access.WorkflowApi;

namespace Interchange.Catalog.Tests.Access;

/// <summary><c>requestAccess</c>: what the server sets itself, and every refused application leaving nothing behind.</summary>
public sealed class RequestAccessTests(WorkflowFixture fixture) : IClassFixture<WorkflowFixture>
{
    private readonly WorkflowApi _api = new(fixture);

    [Fact]
    public async Task RequestAccess_ValidApplication_IsPendingWithServerSetRequesterProviderAndDeadline()
    {
        var consumer = fixture.NewConsumer();
        var until = WorkflowFixture.Start.AddDays(60);

        var request = await _api.RequestedAsync(consumer, Input(fields: ["name", "id_number"], @case: "case-2026-0100", until: until));

        Assert.StartsWith("ar_", Id(request), StringComparison.Ordinal);
        Assert.Equal("PENDING", Str(request, "state"));
        Assert.Equal(consumer, Str(request.GetProperty("requester"), "id"));
        Assert.Equal(PublicSecurity, Str(request.GetProperty("provider"), "id"));
        Assert.Equal(Household, Str(request.GetProperty("dataset"), "id"));
        Assert.Equal(Allowance, Str(request, "purpose"));
        Assert.Equal(["name", "id_number"], GraphQLAssert.Strings(request.GetProperty("fields")));
        Assert.Equal("case-2026-0100", Str(request, "case"));
        Assert.Equal(until, Time(request, "until"));
        Assert.Equal(WorkflowFixture.Start, Time(request, "createdAt"));
        // Applied on Wednesday 10:00 CST; five working days are Thu, Fri, Mon, Tue, Wed: due by the end of Wednesday 2 December.
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 0, 0, 0, WorkflowFixture.ChinaStandardTime), Time(request, "deadline"));
        Assert.False(request.GetProperty("overdue").GetBoolean());
        Assert.Equal(JsonValueKind.Null, request.GetProperty("reason").ValueKind);
        Assert.Equal(JsonValueKind.Null, request.GetProperty("decidedBy").ValueKind);
        Assert.Equal(JsonValueKind.Null, request.GetProperty("grant").ValueKind);
    }

    [Fact]
    public async Task RequestAccess_ValidApplication_IsListedForTheRequesterWithTheSameValues()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);

        var listed = Assert.Single((await _api.RequestsAsync(consumer)).GetProperty("nodes").EnumerateArray());

        Assert.Equal(Id(request), Id(listed));
        Assert.Equal("PENDING", Str(listed, "state"));
        Assert.Equal(Time(request, "deadline"), Time(listed, "deadline"));
        Assert.Equal(Time(request, "until"), Time(listed, "until"));
        Assert.Equal(GraphQLAssert.Strings(request.GetProperty("fields")), GraphQLAssert.Strings(listed.GetProperty("fields")));
        Assert.Equal(Str(request, "justification"), Str(listed, "justification"));
    }

    [Fact]
    public async Task RequestAccess_GeneralDatasetWithoutCase_IsAccepted()
    {
        var consumer = fixture.NewConsumer();

        var request = await _api.RequestedAsync(consumer, Input(dataset: SocialInsurance, fields: ["employer_name", "status"], @case: null));

        Assert.Equal("PENDING", Str(request, "state"));
        Assert.Equal(HumanResources, Str(request.GetProperty("provider"), "id"));
        Assert.Equal(JsonValueKind.Null, request.GetProperty("case").ValueKind);
    }

    [Fact]
    public async Task RequestAccess_SameFieldTwice_IsStoredOnce()
    {
        var consumer = fixture.NewConsumer();

        var request = await _api.RequestedAsync(consumer, Input(fields: ["name", "name", "gender"]));

        Assert.Equal(["name", "gender"], GraphQLAssert.Strings(request.GetProperty("fields")));
    }

    [Fact]
    public async Task RequestAccess_UnknownDataset_IsNotFoundAndCreatesNothing()
    {
        var consumer = fixture.NewConsumer();

        var response = await _api.RequestAccessAsync(consumer, Input(dataset: "no-such-dataset"));

        GraphQLAssert.Refused(response, "NOT_FOUND");
        AssertNoData(response);
        await AssertNothingCreatedAsync(consumer);
    }

    [Fact]
    public async Task RequestAccess_UnconditionalDataset_IsRefusedAsNeedingNoApplication()
    {
        var consumer = fixture.NewConsumer();

        var response = await _api.RequestAccessAsync(consumer, Input(dataset: "business-licenses", purpose: "business-verification", fields: ["uscc"], @case: null));

        var error = GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        Assert.Contains("unconditionally", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertNoData(response);
        await AssertNothingCreatedAsync(consumer);
    }

    [Fact]
    public async Task RequestAccess_NotSharedDataset_IsRefusedWithTheLegalBasis()
    {
        var consumer = fixture.NewConsumer();

        var response = await _api.RequestAccessAsync(consumer, Input(dataset: "criminal-records", purpose: Allowance, fields: ["id_number"]));

        var error = GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        Assert.Contains("Criminal Procedure Law art. 286", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertNoData(response);
        await AssertNothingCreatedAsync(consumer);
    }

    [Fact]
    public async Task RequestAccess_PurposeNotInTheList_IsRefused()
    {
        var consumer = fixture.NewConsumer();

        var response = await _api.RequestAccessAsync(consumer, Input(purpose: "tax-audit"));

        var error = GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        Assert.Contains("tax-audit", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertNoData(response);
        await AssertNothingCreatedAsync(consumer);
    }

    [Theory]
    [InlineData("ethnicity")]
    [InlineData("internal_remarks")]
    [InlineData("registration_date")]
    [InlineData("no_such_field")]
    public async Task RequestAccess_FieldTheListDoesNotAllow_IsRefusedNamingTheField(string field)
    {
        var consumer = fixture.NewConsumer();

        var response = await _api.RequestAccessAsync(consumer, Input(fields: ["name", field]));

        var error = GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        Assert.Contains(field, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertNoData(response);
        await AssertNothingCreatedAsync(consumer);
    }

    [Fact]
    public async Task RequestAccess_FieldAllowedOnlyForAnotherPurpose_IsRefused()
    {
        // relationship_to_head is allowed for the allowance review only.
        var consumer = fixture.NewConsumer();

        var response = await _api.RequestAccessAsync(consumer, Input(purpose: Eligibility, fields: ["name", "relationship_to_head"]));

        var error = GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        Assert.Contains("relationship_to_head", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNothingCreatedAsync(consumer);
    }

    [Fact]
    public async Task RequestAccess_NoFields_IsRefused()
    {
        var consumer = fixture.NewConsumer();

        var response = await _api.RequestAccessAsync(consumer, Input(fields: []));

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        AssertNoData(response);
        await AssertNothingCreatedAsync(consumer);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    public async Task RequestAccess_EndDateNotInTheFuture_IsRefused(double daysFromNow)
    {
        var consumer = fixture.NewConsumer();

        var response = await _api.RequestAccessAsync(consumer, Input(until: fixture.Clock.GetUtcNow().AddDays(daysFromNow)));

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        AssertNoData(response);
        await AssertNothingCreatedAsync(consumer);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task RequestAccess_EmptyJustification_IsRefused(string justification)
    {
        var consumer = fixture.NewConsumer();

        var response = await _api.RequestAccessAsync(consumer, Input(justification: justification));

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        AssertNoData(response);
        await AssertNothingCreatedAsync(consumer);
    }

    [Fact]
    public async Task RequestAccess_OverlongJustification_IsRefused()
    {
        var consumer = fixture.NewConsumer();

        var response = await _api.RequestAccessAsync(consumer, Input(justification: new string('x', 2001)));

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        await AssertNothingCreatedAsync(consumer);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task RequestAccess_ImportantDatasetWithoutCase_IsRefused(string? @case)
    {
        var consumer = fixture.NewConsumer();

        var response = await _api.RequestAccessAsync(consumer, Input(@case: @case));

        var error = GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        Assert.Contains("case", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertNoData(response);
        await AssertNothingCreatedAsync(consumer);
    }

    [Theory]
    [InlineData(129)]
    [InlineData(5000)]
    public async Task RequestAccess_OverlongCase_IsRefused(int length)
    {
        // The store keeps at most 128 characters of a case reference; SQLite would not say so, PostgreSQL would fail.
        var consumer = fixture.NewConsumer();

        var response = await _api.RequestAccessAsync(consumer, Input(@case: new string('c', length)));

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        AssertNoData(response);
        await AssertNothingCreatedAsync(consumer);
    }

    [Fact]
    public async Task RequestAccess_CaseOfTheLongestStoredLength_IsAccepted()
    {
        var consumer = fixture.NewConsumer();

        var request = await _api.RequestedAsync(consumer, Input(@case: new string('c', 128)));

        Assert.Equal(new string('c', 128), Str(request, "case"));
    }

    [Fact]
    public async Task RequestAccess_SecondWhileTheFirstIsPending_IsRefusedAndOnlyTheFirstExists()
    {
        var consumer = fixture.NewConsumer();
        var first = await _api.RequestedAsync(consumer);

        var second = await _api.RequestAccessAsync(consumer, Input(fields: ["name"], @case: "case-2026-0999"));

        var error = GraphQLAssert.Refused(second, "BAD_USER_INPUT");
        Assert.Contains(Id(first), error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var listed = await _api.RequestsAsync(consumer);
        Assert.Equal([Id(first)], GraphQLAssert.Ids(listed));
        Assert.Single(Kinds(await _api.AuditOfAsync(consumer)), "access-requested");
    }

    [Fact]
    public async Task RequestAccess_SameDatasetForAnotherPurposeWhileOneIsPending_IsAccepted()
    {
        var consumer = fixture.NewConsumer();
        await _api.RequestedAsync(consumer);

        var other = await _api.RequestedAsync(consumer, Input(purpose: Eligibility, fields: ["name"]));

        Assert.Equal("PENDING", Str(other, "state"));
        Assert.Equal(2, (await _api.RequestsAsync(consumer)).GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task RequestAccess_AgainAfterARefusal_IsAccepted()
    {
        var consumer = fixture.NewConsumer();
        var first = await _api.RequestedAsync(consumer);
        GraphQLAssert.Ok(await _api.DecideAsync(PublicSecurity, Id(first), approve: false, reason: "Name the household concerned."));

        var second = await _api.RequestedAsync(consumer);

        Assert.NotEqual(Id(first), Id(second));
        Assert.Equal("PENDING", Str(second, "state"));
    }

    [Fact]
    public async Task RequestAccess_ProviderForItsOwnDataset_IsRefusedAndCreatesNothing()
    {
        var response = await _api.RequestAccessAsync(PublicSecurity, Input());

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        AssertNoData(response);
        var own = await _api.AllRequestsAsync(PublicSecurity, new { role = "REQUESTER" });
        Assert.DoesNotContain(own, r => Str(r.GetProperty("dataset"), "id") == Household);
        Assert.DoesNotContain("access-requested", Kinds(await _api.AuditOfAsync(PublicSecurity)));
    }

    [Fact]
    public async Task RequestAccess_AuditorWithoutConsumerRole_IsForbidden()
    {
        var response = await _api.RequestAccessAsync(Auditor, Input());

        GraphQLAssert.Refused(response, "FORBIDDEN");
        AssertNoData(response);
    }

    [Theory]
    [InlineData("state", "APPROVED")]
    [InlineData("approvedBy", "sz-public-security")]
    [InlineData("agency", "sz-public-security")]
    [InlineData("requester", "sz-public-security")]
    [InlineData("status", "APPROVED")]
    [InlineData("deadline", "2030-01-01T00:00:00Z")]
    public async Task RequestAccess_InputWithServerSetMember_IsAValidationErrorAndCreatesNothing(string member, string value)
    {
        var consumer = fixture.NewConsumer();
        var input = Input();
        input[member] = value;

        var response = await _api.RequestAccessAsync(consumer, input);

        Assert.True(response.HasErrors, response.Body);
        Assert.Contains(member, response.Json.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(response.Json.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null, response.Body);
        GraphQLAssert.NoInternals(response);
        await AssertNothingCreatedAsync(consumer);
    }

    [Fact]
    public async Task RequestAccess_InlineInputWithState_IsAValidationErrorAndCreatesNothing()
    {
        var consumer = fixture.NewConsumer();
        var until = WorkflowFixture.Start.AddDays(30).ToString("O");

        var response = await _api.GraphQLAsync(consumer,
            $$"""mutation { requestAccess(input: { dataset: "{{Household}}", purpose: "{{Allowance}}", fields: ["name"], justification: "x", case: "c-1", until: "{{until}}", state: APPROVED, approvedBy: "{{PublicSecurity}}" }) { id state } }""");

        Assert.True(response.HasErrors, response.Body);
        Assert.False(response.Json.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null, response.Body);
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.Status);
        await AssertNothingCreatedAsync(consumer);
    }

    private static void AssertNoData(GraphQLResponse response) =>
        Assert.True(!response.Json.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Null, response.Body);

    /// <summary>No request of the agency in its own listing, in the auditor's view of all, or in the audit log.</summary>
    private async Task AssertNothingCreatedAsync(string consumer)
    {
        Assert.Equal(0, (await _api.RequestsAsync(consumer)).GetProperty("totalCount").GetInt64());
        var everyone = await _api.AllRequestsAsync(Auditor);
        Assert.DoesNotContain(everyone, r => Str(r.GetProperty("requester"), "id") == consumer);
        Assert.DoesNotContain("access-requested", Kinds(await _api.AuditOfAsync(consumer)));
    }
}
