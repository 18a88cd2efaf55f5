using System.Net;
using System.Text.Json;
using Interchange.Core.Http;
using Interchange.Samples;
using Interchange.Testing;

namespace Interchange.EndToEnd.Tests;

/// <summary>The demo story of docs/contract.md, as far as the interchange reaches today, through the front door only.</summary>
public sealed class DemoStoryTests : IClassFixture<InterchangeFixture>
{
    private const string Purpose = "subsistence-allowance-review";
    private readonly InterchangeFixture _fixture;

    public DemoStoryTests(InterchangeFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task DemoStory_CivilAffairsDiscoversReadsAndIsRefused_AuditorSeesEveryStep()
    {
        var client = _fixture.Client;
        var civilAffairs = await client.TokenAsync("sz-civil-affairs");

        // Discovery: every dataset of the province, and what civil affairs may do with each.
        var discovery = await client.GraphQLAsync(civilAffairs, """
            { datasets(filter: { region: "440000" }) { totalCount nodes { id sharingType classification provider { id } myAccess { allowed rule reason } } } }
            """);
        Assert.Equal(HttpStatusCode.OK, discovery.Status);
        Assert.False(discovery.HasErrors, discovery.Body);
        var datasets = discovery.Data.GetProperty("datasets").GetProperty("nodes").EnumerateArray().ToDictionary(d => d.GetProperty("id").GetString()!);
        Assert.Equal(["business-licenses", "criminal-records", "household-registration", "social-insurance-contributions"], datasets.Keys.Order());
        Assert.Equal("UNCONDITIONAL", datasets["business-licenses"].GetProperty("sharingType").GetString());
        Assert.True(datasets["business-licenses"].GetProperty("myAccess").GetProperty("allowed").GetBoolean());
        Assert.Equal("CONDITIONAL", datasets["household-registration"].GetProperty("sharingType").GetString());
        Assert.False(datasets["household-registration"].GetProperty("myAccess").GetProperty("allowed").GetBoolean());
        Assert.Equal("NOT_SHARED", datasets["criminal-records"].GetProperty("sharingType").GetString());

        // An unconditional read: allowed, the legal representative masked, internal remarks dropped.
        var licence = DemoData.BusinessLicenses[0];
        var allowed = await client.ReadAsync(civilAffairs, $"data/business-licenses/records/{licence["uscc"]}", Purpose);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.StartsWith("business-licenses@", allowed.Headers.GetValues(InterchangeHeaders.Rule).Single(), StringComparison.Ordinal);
        var record = await InterchangeClient.JsonAsync(allowed);
        Assert.Equal((string)licence["company_name"]!, record.GetProperty("company_name").GetString());
        var representative = (string)licence["legal_representative"]!;
        Assert.Equal(representative[..1] + new string('*', representative.Length - 1), record.GetProperty("legal_representative").GetString());
        Assert.False(record.TryGetProperty("internal_remarks", out _));

        // The refusals of the story, each with its problem type.
        var household = DemoData.HouseholdRegistration[0];
        var noGrant = await client.ReadAsync(civilAffairs, $"data/household-registration/records/{household["id_number"]}", Purpose, "MZ-2026-0042");
        var noPurpose = await client.ReadAsync(civilAffairs, "data/business-licenses/records");
        var notShared = await client.ReadAsync(civilAffairs, "data/criminal-records/records", Purpose, "MZ-2026-0042");
        var noToken = await client.ReadAsync(null, "data/business-licenses/records", Purpose);
        await AssertProblemAsync(noGrant, HttpStatusCode.Forbidden, "grant-required", expectRule: true);
        await AssertProblemAsync(noPurpose, HttpStatusCode.BadRequest, "purpose-required", expectRule: false);
        await AssertProblemAsync(notShared, HttpStatusCode.Forbidden, "not-shared", expectRule: true);
        await AssertProblemAsync(noToken, HttpStatusCode.Unauthorized, "unauthenticated", expectRule: false);

        // The auditor sees every one of them, by request id, with the decision that was made.
        var auditor = await client.TokenAsync("gd-audit-office");
        var events = await AuditEventsAsync(auditor);
        AssertAudited(events, allowed, "ALLOWED", null, "sz-civil-affairs");
        AssertAudited(events, noGrant, "DENIED", "grant-required", "sz-civil-affairs");
        AssertAudited(events, noPurpose, "DENIED", "purpose-required", "sz-civil-affairs");
        AssertAudited(events, notShared, "DENIED", "not-shared", "sz-civil-affairs");
        AssertAudited(events, noToken, "DENIED", "unauthenticated", "anonymous");
        var allowedEvent = events[RequestId(allowed)];
        Assert.Contains("legal_representative", allowedEvent.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.DoesNotContain("internal_remarks", allowedEvent.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("MZ-2026-0042", events[RequestId(noGrant)].GetProperty("case").GetString());

        // Nothing restricted leaked anywhere along the way.
        Assert.DoesNotContain(client.Seen, body => body.Contains(DemoData.CanaryPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Consumer_AskingForAuditEvents_IsForbiddenAndGetsNoData()
    {
        var token = await _fixture.Client.TokenAsync("sz-civil-affairs");

        var result = await _fixture.Client.GraphQLAsync(token, "{ auditEvents { totalCount nodes { agency } } }");

        Assert.Equal("FORBIDDEN", result.FirstErrorCode);
        Assert.Equal(JsonValueKind.Null, result.Data.ValueKind);
    }

    [Fact]
    public async Task GraphQL_MalformedJson_Returns400WithAClearMessage()
    {
        var token = await _fixture.Client.TokenAsync("sz-civil-affairs");
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = new StringContent("{\"query\": ", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", token);

        var result = await _fixture.Client.SendGraphQLAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("BAD_REQUEST", result.FirstErrorCode);
        Assert.Contains("not valid JSON", result.Json.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_UnknownDataset_Returns404UnknownDataset()
    {
        var token = await _fixture.Client.TokenAsync("sz-civil-affairs");

        var response = await _fixture.Client.ReadAsync(token, "data/land-parcels/records", Purpose);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "unknown-dataset", expectRule: false);
    }

    [Fact]
    public async Task Read_UnknownDatasetWithoutToken_Returns401NotRevealingWhetherItExists()
    {
        var response = await _fixture.Client.ReadAsync(null, "data/land-parcels/records", Purpose);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated", expectRule: false);
    }

    [Fact]
    public async Task Read_GarbageToken_Returns401Unauthenticated()
    {
        var response = await _fixture.Client.ReadAsync("not-a-token", "data/business-licenses/records", Purpose);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated", expectRule: false);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_OverlongCaseReference_Returns400BadRequest()
    {
        var token = await _fixture.Client.TokenAsync("sz-civil-affairs");

        var response = await _fixture.Client.ReadAsync(token, "data/business-licenses/records", Purpose, new string('x', 129));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "bad-request", expectRule: false);
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type, bool expectRule)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await InterchangeClient.JsonAsync(response);
        Assert.Equal("urn:interchange:problem:" + type, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(RequestId(response), problem.GetProperty("requestId").GetString());
        Assert.Equal(expectRule, problem.TryGetProperty("rule", out _));
    }

    internal static string RequestId(HttpResponseMessage response) => response.Headers.GetValues(InterchangeHeaders.RequestId).Single();

    private async Task<Dictionary<string, JsonElement>> AuditEventsAsync(string auditor)
    {
        var events = new Dictionary<string, JsonElement>();
        string? after = null;
        do
        {
            var page = await _fixture.Client.GraphQLAsync(auditor, """
                query($after: String) { auditEvents(first: 100, after: $after) {
                  pageInfo { hasNextPage endCursor }
                  nodes { leafIndex requestId agency dataset purpose case decision problem rule status fields } } }
                """, new { after });
            Assert.False(page.HasErrors, page.Body);
            var connection = page.Data.GetProperty("auditEvents");
            foreach (var node in connection.GetProperty("nodes").EnumerateArray())
            {
                events.Add(node.GetProperty("requestId").GetString()!, node);
            }

            after = connection.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean()
                ? connection.GetProperty("pageInfo").GetProperty("endCursor").GetString()
                : null;
        }
        while (after is not null);
        return events;
    }

    private static void AssertAudited(Dictionary<string, JsonElement> events, HttpResponseMessage response, string decision, string? problem, string agency)
    {
        Assert.True(events.TryGetValue(RequestId(response), out var audited), $"no audit event for request {RequestId(response)}");
        Assert.Equal(decision, audited.GetProperty("decision").GetString());
        Assert.Equal(agency, audited.GetProperty("agency").GetString());
        Assert.Equal((int)response.StatusCode, audited.GetProperty("status").GetInt32());
        Assert.Equal(problem is null ? null : "urn:interchange:problem:" + problem, audited.GetProperty("problem").GetString());
    }
}
