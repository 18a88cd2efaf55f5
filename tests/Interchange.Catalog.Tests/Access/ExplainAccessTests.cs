using System.Net;
using Interchange.Testing;
using static Interchange.Catalog.Tests.Access.WorkflowApi;

namespace Interchange.Catalog.Tests.Access;

/// <summary><c>explainAccess</c> and <c>myAccess</c> before and after an approval, and who may ask.</summary>
public sealed class ExplainAccessTests(WorkflowFixture fixture) : IClassFixture<WorkflowFixture>
{
    private const string GrantRequired = "urn:interchange:problem:grant-required";

    private readonly WorkflowApi _api = new(fixture);

    [Theory]
    [InlineData("self")]
    [InlineData(PublicSecurity)]
    [InlineData(Auditor)]
    public async Task ExplainAccess_ByTheConsumerTheProviderOrAnAuditor_ExplainsTheRefusalWithoutAGrant(string asker)
    {
        var consumer = fixture.NewConsumer();

        var response = await _api.ExplainAsync(asker == "self" ? consumer : asker, Household, consumer, Allowance);

        var decision = GraphQLAssert.Ok(response).GetProperty("explainAccess");
        Assert.False(decision.GetProperty("allowed").GetBoolean());
        Assert.Equal(GrantRequired, Str(decision, "problem"));
        Assert.Equal("household-registration@2026-11-01.1", Str(decision, "rule"));
        Assert.Empty(GraphQLAssert.Strings(decision.GetProperty("fields")));
    }

    [Theory]
    [InlineData("other-consumer")]
    [InlineData(HumanResources)]
    public async Task ExplainAccess_ByAThirdAgency_IsForbidden(string asker)
    {
        var consumer = fixture.NewConsumer();
        await _api.ApprovedAsync(consumer);

        var response = await _api.ExplainAsync(asker == "other-consumer" ? fixture.NewConsumer() : asker, Household, consumer, Allowance);

        GraphQLAssert.Refused(response, "FORBIDDEN");
        Assert.DoesNotContain("allowed", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplainAccess_ByAThirdAgencyForAnUnknownConsumer_IsForbiddenToo()
    {
        var response = await _api.ExplainAsync(fixture.NewConsumer(), Household, "no-such-agency", Allowance);

        GraphQLAssert.Refused(response, "FORBIDDEN");
    }

    [Fact]
    public async Task ExplainAccess_AfterApproval_IsAllowedWithTheGrantedFieldsForEveryAsker()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer, Input(fields: ["id_number", "name", "gender", "address"]));
        GraphQLAssert.Ok(await _api.DecideAsync(PublicSecurity, Id(request), approve: true, fields: ["name", "gender"]));

        foreach (var asker in new[] { consumer, PublicSecurity, Auditor })
        {
            var decision = GraphQLAssert.Ok(await _api.ExplainAsync(asker, Household, consumer, Allowance)).GetProperty("explainAccess");

            Assert.True(decision.GetProperty("allowed").GetBoolean(), asker);
            Assert.Equal(new[] { "gender", "name" }, GraphQLAssert.Strings(decision.GetProperty("fields")).Order());
            Assert.Equal("household-registration@2026-11-01.1", Str(decision, "rule"));
        }
    }

    [Fact]
    public async Task ExplainAccess_AfterApproval_OtherPurposeIsStillRefused()
    {
        var consumer = fixture.NewConsumer();
        await _api.ApprovedAsync(consumer);

        var decision = GraphQLAssert.Ok(await _api.ExplainAsync(consumer, Household, consumer, Eligibility)).GetProperty("explainAccess");

        Assert.False(decision.GetProperty("allowed").GetBoolean());
        Assert.Equal(GrantRequired, Str(decision, "problem"));
    }

    [Fact]
    public async Task MyAccess_AfterApproval_IsAllowedWithTheGrantedFields()
    {
        var consumer = fixture.NewConsumer();
        var query = $$"""{ dataset(id: "{{Household}}") { myAccess(purpose: "{{Allowance}}") { allowed fields rule reason } } }""";
        var before = GraphQLAssert.Ok(await _api.GraphQLAsync(consumer, query)).GetProperty("dataset").GetProperty("myAccess");
        var request = await _api.RequestedAsync(consumer, Input(fields: ["id_number", "name", "address"]));
        GraphQLAssert.Ok(await _api.DecideAsync(PublicSecurity, Id(request), approve: true, fields: ["id_number", "address"]));

        var after = GraphQLAssert.Ok(await _api.GraphQLAsync(consumer, query)).GetProperty("dataset").GetProperty("myAccess");

        Assert.False(before.GetProperty("allowed").GetBoolean());
        Assert.True(after.GetProperty("allowed").GetBoolean());
        Assert.Equal(new[] { "address", "id_number" }, GraphQLAssert.Strings(after.GetProperty("fields")).Order());
    }

    [Fact]
    public async Task Records_AfterApproval_ShowTheSameFieldsAsTheDataPlane()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer, Input(fields: ["id_number", "name", "address"]));
        GraphQLAssert.Ok(await _api.DecideAsync(PublicSecurity, Id(request), approve: true, fields: ["id_number", "address"]));
        var token = await _api.TokenAsync(consumer);

        using var rest = await _api.Client.ReadAsync(token, $"data/{Household}/records?limit=3", Allowance, "case-2026-0042");
        var graph = await _api.Client.GraphQLAsync(token,
            $$"""{ records(dataset: "{{Household}}", path: "records?limit=3", purpose: "{{Allowance}}", case: "case-2026-0042") }""");

        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        var restRecords = (await InterchangeClient.JsonAsync(rest)).GetProperty("records");
        var graphRecords = GraphQLAssert.Ok(graph).GetProperty("records").GetProperty("records");
        Assert.Equal(restRecords.GetArrayLength(), graphRecords.GetArrayLength());
        Assert.All(restRecords.EnumerateArray().Concat(graphRecords.EnumerateArray()),
            r => Assert.Equal(new[] { "address", "id_number" }, r.EnumerateObject().Select(p => p.Name).Order()));
        Assert.DoesNotContain("CANARY-", graph.Body, StringComparison.Ordinal);
    }
}
