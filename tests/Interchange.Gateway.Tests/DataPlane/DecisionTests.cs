using System.Net;
using System.Text.Json;
using Interchange.Audit;
using Interchange.Gateway.Tests.Support;
using Interchange.Samples;

namespace Interchange.Gateway.Tests.DataPlane;

/// <summary>docs/security.md, case 6, and the list's decision steps, as the data plane answers them.</summary>
public sealed class DecisionTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Proxy_NoPurpose_Returns400PurposeRequiredAndAudits()
    {
        var response = await Expect.ReadAsync(fixture, "data/business-licenses/records", purpose: null);

        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "purpose-required");
        var record = await Expect.AuditedRefusalAsync(fixture, response, GatewayFixture.Consumer, "business-licenses", "purpose-required");
        Assert.Null(record.Purpose);
    }

    [Fact]
    public async Task Proxy_UnlistedPurpose_Returns403PurposeNotPermittedWithRuleAndAudits()
    {
        var response = await Expect.ReadAsync(fixture, "data/business-licenses/records", purpose: "tax-collection");

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "purpose-not-permitted");
        Assert.Equal("business-licenses@2026-11-01.1", problem.GetProperty("rule").GetString());
        var record = await Expect.AuditedRefusalAsync(fixture, response, GatewayFixture.Consumer, "business-licenses", "purpose-not-permitted");
        Assert.Equal("tax-collection", record.Purpose);
        Assert.Equal("business-licenses@2026-11-01.1", record.Rule);
    }

    [Fact]
    public async Task Proxy_AgencyOutsideTheEntrysConsumers_Returns403ConsumerNotPermittedWithRuleAndAudits()
    {
        var before = fixture.Source.CountFor("/echo");

        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Restricted}/records");

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "consumer-not-permitted");
        Assert.Equal("Consumer not permitted", problem.GetProperty("title").GetString());
        Assert.Equal(TestProvider.Rule(TestProvider.Restricted), problem.GetProperty("rule").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("not among the consumers", detail, StringComparison.Ordinal);
        Assert.Contains(TestProvider.Rule(TestProvider.Restricted), detail, StringComparison.Ordinal);
        var record = await Expect.AuditedRefusalAsync(fixture, response, GatewayFixture.Consumer, TestProvider.Restricted, "consumer-not-permitted");
        Assert.Equal(TestProvider.Purpose, record.Purpose);
        Assert.Equal(TestProvider.Rule(TestProvider.Restricted), record.Rule);
        Assert.Equal(before, fixture.Source.CountFor("/echo"));
    }

    [Fact]
    public async Task Proxy_ListedConsumerWithUnlistedPurpose_StillReturns403PurposeNotPermitted()
    {
        var token = await fixture.Client.TokenAsync(TestProvider.RestrictedConsumer);

        var response = await fixture.Client.ReadAsync(token, $"data/{TestProvider.Restricted}/records", "tax-collection");

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "purpose-not-permitted");
        await Expect.AuditedRefusalAsync(fixture, response, TestProvider.RestrictedConsumer, TestProvider.Restricted, "purpose-not-permitted");
    }

    [Fact]
    public async Task GraphQL_AgencyOutsideTheEntrysConsumers_MyAccessExplainAccessAndRecordsNameConsumerNotPermitted()
    {
        var token = await fixture.ConsumerTokenAsync();

        var result = await fixture.Client.GraphQLAsync(token, """
            query($dataset: ID!, $consumer: ID!, $purpose: String!) {
              dataset(id: $dataset) { myAccess(purpose: $purpose) { allowed problem rule reason } }
              explainAccess(dataset: $dataset, consumer: $consumer, purpose: $purpose) { allowed problem rule reason }
            }
            """, new { dataset = TestProvider.Restricted, consumer = GatewayFixture.Consumer, purpose = TestProvider.Purpose });
        var records = await fixture.Client.GraphQLAsync(token, """
            query($dataset: ID!, $purpose: String!) { records(dataset: $dataset, path: "records", purpose: $purpose) }
            """, new { dataset = TestProvider.Restricted, purpose = TestProvider.Purpose });

        Assert.False(result.HasErrors, result.Body);
        foreach (var decision in new[] { result.Data.GetProperty("dataset").GetProperty("myAccess"), result.Data.GetProperty("explainAccess") })
        {
            Assert.False(decision.GetProperty("allowed").GetBoolean());
            Assert.Equal(Expect.ProblemPrefix + "consumer-not-permitted", decision.GetProperty("problem").GetString());
            Assert.Equal(TestProvider.Rule(TestProvider.Restricted), decision.GetProperty("rule").GetString());
            Assert.Contains("not among the consumers", decision.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("FORBIDDEN", records.FirstErrorCode);
        var extensions = records.Json.GetProperty("errors")[0].GetProperty("extensions");
        Assert.Equal(Expect.ProblemPrefix + "consumer-not-permitted", extensions.GetProperty("problem").GetString());
        Assert.Equal(TestProvider.Rule(TestProvider.Restricted), extensions.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Proxy_ConsumerWithoutGrant_Returns403GrantRequiredWithRuleAndAudits()
    {
        var response = await Expect.ReadAsync(fixture, "data/household-registration/records", "subsistence-allowance-review", "CASE-7");

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "grant-required");
        Assert.Equal("household-registration@2026-11-01.1", problem.GetProperty("rule").GetString());
        var record = await Expect.AuditedRefusalAsync(fixture, response, GatewayFixture.Consumer, "household-registration", "grant-required");
        Assert.Equal("CASE-7", record.Case);
        Assert.Equal("household-registration@2026-11-01.1", record.Rule);
        Assert.DoesNotContain(DemoData.CanaryPrefix, problem.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Observed order: the grant step refuses before the case step, so an important conditional dataset without
    /// grant and without case answers grant-required, not case-required (docs/responsibility-lists.md: the grant step comes before the case step).
    /// </summary>
    [Fact]
    public async Task Proxy_ImportantConditionalWithoutGrantOrCase_AnswersGrantRequiredFirst()
    {
        var response = await Expect.ReadAsync(fixture, "data/household-registration/records", "subsistence-allowance-review");

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "grant-required");
        await Expect.AuditedRefusalAsync(fixture, response, GatewayFixture.Consumer, "household-registration", "grant-required");
    }

    [Fact]
    public async Task Proxy_ImportantDatasetOtherwiseAllowedWithoutCase_Returns400CaseRequiredAndSourceNeverAsked()
    {
        var before = fixture.Source.CountFor("/echo");

        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Important}/records", @case: null);

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "case-required");
        Assert.Equal(TestProvider.Rule(TestProvider.Important), problem.GetProperty("rule").GetString());
        await Expect.AuditedRefusalAsync(fixture, response, GatewayFixture.Consumer, TestProvider.Important, "case-required");
        Assert.Equal(before, fixture.Source.CountFor("/echo"));
    }

    [Fact]
    public async Task Proxy_ImportantDatasetWithCase_IsAllowedAndTheCaseIsAudited()
    {
        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Important}/records", @case: "CASE-2026-0099");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await Expect.AuditedOnceAsync(fixture, response);
        Assert.Equal(AuditDecision.Allowed, record.Decision);
        Assert.Equal("CASE-2026-0099", record.Case);
        Assert.Equal(TestProvider.Rule(TestProvider.Important), record.Rule);
    }

    [Fact]
    public async Task Proxy_NotSharedDataset_Returns403WithTheLegalBasisAndNoRecord()
    {
        var before = fixture.Source.Requests.Count;

        var response = await Expect.ReadAsync(fixture, "data/criminal-records/records", "subsistence-allowance-review", "CASE-1");

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "not-shared");
        Assert.Contains("Criminal Procedure Law art. 286", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("criminal-records@2026-11-01.1", problem.GetProperty("rule").GetString());
        Assert.False(problem.TryGetProperty("records", out _));
        await Expect.AuditedRefusalAsync(fixture, response, GatewayFixture.Consumer, "criminal-records", "not-shared");
        Assert.Equal(before, fixture.Source.Requests.Count);
        Expect.NoCanaryAnywhere(fixture);
    }

    [Fact]
    public async Task Proxy_UnknownDataset_Returns404UnknownDatasetAndAudits()
    {
        var response = await Expect.ReadAsync(fixture, "data/no-such-dataset/records", "business-verification");

        await Expect.ProblemAsync(response, HttpStatusCode.NotFound, "unknown-dataset");
        await Expect.AuditedRefusalAsync(fixture, response, GatewayFixture.Consumer, "no-such-dataset", "unknown-dataset");
    }

    [Fact]
    public async Task Proxy_TokenWithoutDataScope_Returns403AndAudits()
    {
        var token = await fixture.Client.TokenAsync(GatewayFixture.Consumer, "catalog");

        var response = await fixture.Client.ReadAsync(token, "data/business-licenses/records", "business-verification");

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "insufficient-scope");
        await Expect.AuditedRefusalAsync(fixture, response, GatewayFixture.Consumer, "business-licenses", "insufficient-scope");
    }

    [Fact]
    public async Task Proxy_Refusal_IsVisibleToTheAuditorThroughGraphQL()
    {
        var response = await Expect.ReadAsync(fixture, "data/criminal-records/records", "subsistence-allowance-review", "CASE-GQL");
        var requestId = Expect.RequestId(response);
        var auditor = await fixture.Client.TokenAsync(GatewayFixture.Auditor);

        var result = await fixture.Client.GraphQLAsync(auditor, """
            query($f: AuditFilter) { auditEvents(filter: $f, first: 100) { nodes { requestId agency dataset purpose case decision problem rule status } } }
            """, new { f = new { dataset = "criminal-records", @case = "CASE-GQL" } });

        Assert.False(result.HasErrors, result.Body);
        var events = result.Data.GetProperty("auditEvents").GetProperty("nodes").EnumerateArray()
            .Where(e => e.GetProperty("requestId").GetString() == requestId).ToList();
        var node = Assert.Single(events);
        Assert.Equal(GatewayFixture.Consumer, node.GetProperty("agency").GetString());
        Assert.Equal("DENIED", node.GetProperty("decision").GetString());
        Assert.Equal(Expect.ProblemPrefix + "not-shared", node.GetProperty("problem").GetString());
        Assert.Equal(403, node.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.String, node.GetProperty("rule").ValueKind);
    }
}
