using System.Net;
using System.Text.Json;
using Interchange.Core.Http;
using Interchange.Samples;
using Interchange.Testing;

namespace Interchange.EndToEnd.Tests.ConditionalSharing;

/// <summary>
/// The conditional-sharing workflow as agencies drive it through the front door: each call takes the acting
/// agency's id, gets (and keeps) its token, and goes through GraphQL or the data plane like any other client.
/// </summary>
internal sealed class SharingClient(InterchangeClient client)
{
    public const string Household = DemoData.HouseholdRegistrationId;
    public const string SocialInsurance = DemoData.SocialInsuranceContributionsId;
    public const string CivilAffairs = "sz-civil-affairs";
    public const string PublicSecurity = "sz-public-security";
    public const string HumanResources = "gz-human-resources";
    public const string MarketRegulation = "sz-market-regulation";
    public const string AuditOffice = "gd-audit-office";
    public const string Allowance = "subsistence-allowance-review";
    public const string Eligibility = "social-insurance-eligibility";
    public const string Case = "MZ-2026-0042";
    public const string ProblemPrefix = "urn:interchange:problem:";

    public static readonly string[] RequestedFields = ["id_number", "name", "address", "relationship_to_head"];

    private const string RequestFields = "id state purpose fields case reason decidedBy until requester { id } provider { id } dataset { id } grant { id fields until revoked state purpose consumer { id } provider { id } dataset { id } }";
    private const string ListedRequestFields = "id state purpose fields case requester { id } provider { id } grant { id revoked state }";
    private const string ListedGrantFields = "id fields until revoked state purpose consumer { id } provider { id } dataset { id }";
    private const string GrantFields = "id fields until revoked revokedAt state purpose requestId consumer { id } provider { id } dataset { id }";

    private readonly Dictionary<string, string> _tokens = [];

    public InterchangeClient Client => client;

    public async Task<string> TokenAsync(string agency)
    {
        if (!_tokens.TryGetValue(agency, out var token))
        {
            token = await client.TokenAsync(agency);
            _tokens[agency] = token;
        }

        return token;
    }

    public async Task<GraphQLResponse> AsAsync(string agency, string query, object? variables = null) =>
        await client.GraphQLAsync(await TokenAsync(agency), query, variables);

    public async Task<GraphQLResponse> TryRequestAccessAsync(string agency, string dataset = Household, string purpose = Allowance,
        IReadOnlyList<string>? fields = null, string? @case = Case, DateTimeOffset? until = null) =>
        await AsAsync(agency, $"mutation($input: AccessRequestInput!) {{ requestAccess(input: $input) {{ {RequestFields} }} }}", new
        {
            input = new
            {
                dataset,
                purpose,
                fields = fields ?? RequestedFields,
                justification = "Household composition check for a subsistence allowance application.",
                @case,
                until = until ?? DateTimeOffset.UtcNow.AddDays(30),
            },
        });

    /// <summary>Applies and returns the stored request (asserting it was accepted).</summary>
    public async Task<JsonElement> RequestAccessAsync(string agency, string dataset = Household, string purpose = Allowance,
        IReadOnlyList<string>? fields = null, string? @case = Case, DateTimeOffset? until = null)
    {
        var result = await TryRequestAccessAsync(agency, dataset, purpose, fields, @case, until);
        return Succeeded(result, "requestAccess");
    }

    public async Task<GraphQLResponse> TryDecideAsync(string agency, string id, bool approve, string? reason = null,
        IReadOnlyList<string>? fields = null, DateTimeOffset? until = null) =>
        await AsAsync(agency, $$"""
            mutation($id: ID!, $approve: Boolean!, $reason: String, $fields: [String!], $until: DateTimeOffset) {
              decideAccessRequest(id: $id, approve: $approve, reason: $reason, fields: $fields, until: $until) { {{RequestFields}} } }
            """, new { id, approve, reason, fields, until });

    public async Task<JsonElement> ApproveAsync(string provider, string id, IReadOnlyList<string>? fields = null, DateTimeOffset? until = null)
    {
        var decided = Succeeded(await TryDecideAsync(provider, id, approve: true, fields: fields, until: until), "decideAccessRequest");
        Assert.Equal("APPROVED", decided.GetProperty("state").GetString());
        return decided;
    }

    public async Task<GraphQLResponse> TryRevokeAsync(string agency, string grantId) =>
        await AsAsync(agency, $"mutation($id: ID!) {{ revokeGrant(id: $id) {{ {GrantFields} }} }}", new { id = grantId });

    /// <summary>Applies for the household data as civil affairs and has public security approve; returns the request and grant ids.</summary>
    public async Task<(string Request, string Grant)> GrantedAsync(string purpose = Allowance, IReadOnlyList<string>? fields = null,
        IReadOnlyList<string>? approved = null, DateTimeOffset? until = null)
    {
        var request = await RequestAccessAsync(CivilAffairs, Household, purpose, fields);
        var decided = await ApproveAsync(PublicSecurity, Id(request), approved, until);
        return (Id(request), decided.GetProperty("grant").GetProperty("id").GetString()!);
    }

    public async Task<GraphQLResponse> RequestsResponseAsync(string agency, string? role = null, string? state = null) =>
        await AsAsync(agency, $$"""
            query($filter: AccessRequestFilter) { accessRequests(filter: $filter, first: 20) { totalCount nodes { {{ListedRequestFields}} } } }
            """, new { filter = new { role, state } });

    public async Task<List<JsonElement>> RequestsAsync(string agency, string? role = null, string? state = null) =>
        Nodes(Succeeded(await RequestsResponseAsync(agency, role, state), "accessRequests"));

    public async Task<List<JsonElement>> GrantsAsync(string agency, string? role = null, string? state = null) =>
        Nodes(Succeeded(await AsAsync(agency, $$"""
            query($filter: GrantFilter) { grants(filter: $filter, first: 20) { totalCount nodes { {{ListedGrantFields}} } } }
            """, new { filter = new { role, state } }), "grants"));

    /// <summary>A REST read of one household record, with the purpose and case headers.</summary>
    public async Task<HttpResponseMessage> ReadAsync(string agency, string dataset, string path, string? purpose = Allowance, string? @case = Case) =>
        await client.ReadAsync(await TokenAsync(agency), $"data/{dataset}/{path}", purpose, @case);

    public async Task<GraphQLResponse> RecordsAsync(string agency, string dataset, string path, string purpose = Allowance, string? @case = Case) =>
        await AsAsync(agency, """
            query($dataset: ID!, $path: String!, $purpose: String!, $case: String) {
              records(dataset: $dataset, path: $path, purpose: $purpose, case: $case) }
            """, new { dataset, path, purpose, @case });

    /// <summary>The whole audit log as the audit office sees it, oldest first.</summary>
    public async Task<List<JsonElement>> AuditEventsAsync()
    {
        var events = new List<JsonElement>();
        string? after = null;
        do
        {
            var page = await AsAsync(AuditOffice, """
                query($after: String) { auditEvents(first: 100, after: $after) {
                  pageInfo { hasNextPage endCursor }
                  nodes { leafIndex kind requestId agency dataset purpose case decision problem rule status fields detail } } }
                """, new { after });
            var connection = Succeeded(page, "auditEvents");
            events.AddRange(connection.GetProperty("nodes").EnumerateArray());
            after = connection.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean()
                ? connection.GetProperty("pageInfo").GetProperty("endCursor").GetString()
                : null;
        }
        while (after is not null);
        return events;
    }

    public static string Id(JsonElement node) => node.GetProperty("id").GetString()!;

    public static JsonElement Succeeded(GraphQLResponse result, string field)
    {
        Assert.True(result.Status == HttpStatusCode.OK && !result.HasErrors, $"{field}: {(int)result.Status} {result.Body}");
        return result.Data.GetProperty(field);
    }

    public static List<JsonElement> Nodes(JsonElement connection) => [.. connection.GetProperty("nodes").EnumerateArray()];

    /// <summary>A refused operation: the one error carries the code, and the refused field has no data.</summary>
    public static JsonElement Refused(GraphQLResponse result, string field, string code)
    {
        Assert.True(result.FirstErrorCode == code, $"{field}: expected {code}, got {result.Body}");
        if (result.Json.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty(field, out var value))
        {
            Assert.Equal(JsonValueKind.Null, value.ValueKind);
        }

        return result.Json.GetProperty("errors")[0];
    }

    /// <summary>A data-plane refusal of docs/contract.md's shape; returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string problem)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} {problem}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(ProblemPrefix + problem, json.GetProperty("type").GetString());
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()));
        Assert.Equal(RequestId(response), json.GetProperty("requestId").GetString());
        Assert.False(response.Headers.Contains(InterchangeHeaders.Rule), "a refusal carries no Interchange-Rule header");
        return json;
    }

    /// <summary>A GraphQL <c>records</c> refusal: the data plane's problem carried in the error's extensions.</summary>
    public static JsonElement RecordsRefused(GraphQLResponse result, string code, string problem)
    {
        var error = Refused(result, "records", code);
        var extensions = error.GetProperty("extensions");
        Assert.Equal(ProblemPrefix + problem, extensions.GetProperty("problem").GetString());
        Assert.False(string.IsNullOrWhiteSpace(extensions.GetProperty("requestId").GetString()));
        return extensions;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await InterchangeClient.JsonAsync(response);
    }

    public static string RequestId(HttpResponseMessage response) => response.Headers.GetValues(InterchangeHeaders.RequestId).Single();

    public static string[] Names(JsonElement record) => [.. record.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    /// <summary>Compact JSON text, member order kept: two answers are the same JSON when these are equal.</summary>
    public static string Canonical(JsonElement element) => JsonSerializer.Serialize(element);

    /// <summary>The household records the source serves, by id number.</summary>
    public static IReadOnlyDictionary<string, object?> Source(int index) => DemoData.HouseholdRegistration[index];

    public static string Key(int index) => (string)Source(index)["id_number"]!;

    public void AssertNoCanary()
    {
        Assert.NotEmpty(client.Seen);
        foreach (var seen in client.Seen)
        {
            Assert.DoesNotContain(DemoData.CanaryPrefix, seen, StringComparison.Ordinal);
        }
    }
}
