using System.Text;
using System.Text.Json;
using Interchange.Testing;

namespace Interchange.Catalog.Tests.Access;

/// <summary>The workflow's GraphQL operations as an agency's software calls them, each with a fresh token.</summary>
internal sealed class WorkflowApi(WorkflowFixture fixture)
{
    public const string Household = "household-registration";

    public const string SocialInsurance = "social-insurance-contributions";

    public const string Allowance = "subsistence-allowance-review";

    public const string Eligibility = "social-insurance-eligibility";

    public const string PublicSecurity = "sz-public-security";

    public const string HumanResources = "gz-human-resources";

    public const string Auditor = "gd-audit-office";

    public const string RequestSelection =
        "id state purpose fields justification case until createdAt deadline overdue reason decidedBy decidedAt " +
        "dataset { id } requester { id } provider { id } grant { " + GrantSelection + " }";

    public const string GrantSelection = "id purpose fields until revoked revokedAt grantedAt state requestId dataset { id } consumer { id } provider { id }";

    public InterchangeClient Client => fixture.Client;

    /// <summary>A token issued now, on the fake clock.</summary>
    public Task<string> TokenAsync(string agency) => fixture.Client.TokenAsync(agency);

    public async Task<GraphQLResponse> GraphQLAsync(string agency, string query, object? variables = null) =>
        await fixture.Client.GraphQLAsync(await TokenAsync(agency), query, variables);

    /// <summary>A valid application, with what a test changes.</summary>
    public static Dictionary<string, object?> Input(
        string dataset = Household,
        string purpose = Allowance,
        string[]? fields = null,
        string justification = "Review of a subsistence allowance application",
        string? @case = "case-2026-0042",
        DateTimeOffset? until = null) => new()
        {
            ["dataset"] = dataset,
            ["purpose"] = purpose,
            ["fields"] = fields ?? ["id_number", "name", "address"],
            ["justification"] = justification,
            ["case"] = @case,
            ["until"] = (until ?? WorkflowFixture.Start.AddDays(90)).ToString("O"),
        };

    public Task<GraphQLResponse> RequestAccessAsync(string agency, Dictionary<string, object?> input) =>
        GraphQLAsync(agency, $"mutation($input: AccessRequestInput!) {{ requestAccess(input: $input) {{ {RequestSelection} }} }}", new { input });

    /// <summary>Applies and asserts the application was accepted; returns the request.</summary>
    public async Task<JsonElement> RequestedAsync(string agency, Dictionary<string, object?>? input = null)
    {
        var response = await RequestAccessAsync(agency, input ?? Input());
        return GraphQLAssert.Ok(response).GetProperty("requestAccess");
    }

    public Task<GraphQLResponse> DecideAsync(string agency, string id, bool approve, string? reason = null, string[]? fields = null, DateTimeOffset? until = null) =>
        GraphQLAsync(agency,
            $"mutation($id: ID!, $approve: Boolean!, $reason: String, $fields: [String!], $until: DateTimeOffset) {{ decideAccessRequest(id: $id, approve: $approve, reason: $reason, fields: $fields, until: $until) {{ {RequestSelection} }} }}",
            new { id, approve, reason, fields, until = until?.ToString("O") });

    /// <summary>Applies and has the provider approve as asked; returns the approved request (with its grant).</summary>
    public async Task<JsonElement> ApprovedAsync(string consumer, Dictionary<string, object?>? input = null, string provider = PublicSecurity)
    {
        var request = await RequestedAsync(consumer, input);
        var decided = await DecideAsync(provider, Id(request), approve: true);
        return GraphQLAssert.Ok(decided).GetProperty("decideAccessRequest");
    }

    public Task<GraphQLResponse> RevokeAsync(string agency, string id) =>
        GraphQLAsync(agency, $"mutation($id: ID!) {{ revokeGrant(id: $id) {{ {GrantSelection} }} }}", new { id });

    /// <summary>What listings that walk every page select (the full selection on 50 nodes is over the complexity limit).</summary>
    public const string ListedRequestSelection = "id state overdue deadline fields purpose requester { id } provider { id } dataset { id }";

    public const string ListedGrantSelection = "id state revoked until fields purpose consumer { id } provider { id } dataset { id }";

    public async Task<JsonElement> RequestsAsync(string agency, object? filter = null, int first = 20, string? after = null, string selection = RequestSelection)
    {
        var response = await GraphQLAsync(agency,
            $"query($filter: AccessRequestFilter, $first: Int, $after: String) {{ accessRequests(filter: $filter, first: $first, after: $after) {{ totalCount pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ id }} }} nodes {{ {selection} }} }} }}",
            new { filter, first, after });
        return GraphQLAssert.Ok(response).GetProperty("accessRequests");
    }

    /// <summary>Every request of a listing, through all its pages.</summary>
    public async Task<List<JsonElement>> AllRequestsAsync(string agency, object? filter = null)
    {
        var all = new List<JsonElement>();
        string? after = null;
        do
        {
            var page = await RequestsAsync(agency, filter, 50, after, ListedRequestSelection);
            all.AddRange(page.GetProperty("nodes").EnumerateArray());
            after = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? page.GetProperty("pageInfo").GetProperty("endCursor").GetString() : null;
        }
        while (after is not null);
        return all;
    }

    public async Task<JsonElement> GrantsAsync(string agency, object? filter = null, int first = 20, string? after = null, string selection = GrantSelection)
    {
        var response = await GraphQLAsync(agency,
            $"query($filter: GrantFilter, $first: Int, $after: String) {{ grants(filter: $filter, first: $first, after: $after) {{ totalCount pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ id }} }} nodes {{ {selection} }} }} }}",
            new { filter, first, after });
        return GraphQLAssert.Ok(response).GetProperty("grants");
    }

    public async Task<List<JsonElement>> AllGrantsAsync(string agency, object? filter = null)
    {
        var all = new List<JsonElement>();
        string? after = null;
        do
        {
            var page = await GrantsAsync(agency, filter, 50, after, ListedGrantSelection);
            all.AddRange(page.GetProperty("nodes").EnumerateArray());
            after = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? page.GetProperty("pageInfo").GetProperty("endCursor").GetString() : null;
        }
        while (after is not null);
        return all;
    }

    public Task<GraphQLResponse> ExplainAsync(string agency, string dataset, string consumer, string purpose) =>
        GraphQLAsync(agency,
            "query($dataset: ID!, $consumer: ID!, $purpose: String!) { explainAccess(dataset: $dataset, consumer: $consumer, purpose: $purpose) { allowed fields problem purpose reason rule } }",
            new { dataset, consumer, purpose });

    /// <summary>Every audit record of one agency, read by the audit office.</summary>
    public async Task<List<JsonElement>> AuditOfAsync(string agency)
    {
        var token = await TokenAsync(Auditor);
        var all = new List<JsonElement>();
        string? after = null;
        do
        {
            var response = await fixture.Client.GraphQLAsync(token,
                "query($filter: AuditFilter, $after: String) { auditEvents(filter: $filter, first: 50, after: $after) { pageInfo { hasNextPage endCursor } nodes { kind agency dataset purpose case decision rule detail fields time requestId } } }",
                new { filter = new { agency }, after });
            var page = GraphQLAssert.Ok(response).GetProperty("auditEvents");
            all.AddRange(page.GetProperty("nodes").EnumerateArray());
            after = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? page.GetProperty("pageInfo").GetProperty("endCursor").GetString() : null;
        }
        while (after is not null);
        return all;
    }

    /// <summary>The workflow records of one agency that mention <paramref name="objectId"/>.</summary>
    public async Task<List<JsonElement>> AuditAboutAsync(string agency, string objectId) =>
        [.. (await AuditOfAsync(agency)).Where(e => (e.GetProperty("detail").GetString() ?? "").Contains(objectId, StringComparison.Ordinal))];

    public static string Id(JsonElement node) => node.GetProperty("id").GetString()!;

    public static string Str(JsonElement node, string property) => node.GetProperty(property).GetString()!;

    public static DateTimeOffset Time(JsonElement node, string property) => DateTimeOffset.Parse(node.GetProperty(property).GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    public static string[] Kinds(IEnumerable<JsonElement> events) => [.. events.Select(e => Str(e, "kind"))];

    /// <summary>The claims of a JWT's payload (no validation: the test only reads the times).</summary>
    public static JsonElement Claims(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))).RootElement.Clone();
    }
}
