using System.Net;
using System.Text.Json;
using Interchange.Testing;

namespace Interchange.Catalog.Tests.Schema;

/// <summary>
/// The interchange after a known set of data-plane calls, made once for the class: its audit log holds exactly
/// what <see cref="AccessesAsync"/> caused.
/// </summary>
public sealed class AuditedAccessesFixture : InterchangeFixture
{
    private readonly Lazy<Task<IReadOnlyList<string>>> _accesses;

    public AuditedAccessesFixture() => _accesses = new(MakeAccessesAsync);

    /// <summary>The request ids of the calls, in the order they were made.</summary>
    public Task<IReadOnlyList<string>> AccessesAsync() => _accesses.Value;

    private async Task<IReadOnlyList<string>> MakeAccessesAsync()
    {
        var civil = await Client.TokenAsync("sz-civil-affairs");
        var hr = await Client.TokenAsync("gz-human-resources");
        return
        [
            await ReadAsync(civil, "business-licenses", "business-verification", "case-2026-001", HttpStatusCode.OK),
            await ReadAsync(civil, "business-licenses", "subsistence-allowance-review", null, HttpStatusCode.OK),
            await ReadAsync(civil, "household-registration", "subsistence-allowance-review", "case-2026-002", HttpStatusCode.Forbidden),
            await ReadAsync(civil, "criminal-records", "business-verification", "case-2026-003", HttpStatusCode.Forbidden),
            await ReadAsync(hr, "business-licenses", "market-supervision", null, HttpStatusCode.OK),
        ];
    }

    private async Task<string> ReadAsync(string token, string dataset, string purpose, string? @case, HttpStatusCode expected)
    {
        using var response = await Client.ReadAsync(token, $"data/{dataset}/records?limit=1", purpose, @case);
        Assert.Equal(expected, response.StatusCode);
        return response.Headers.GetValues("Interchange-Request-Id").Single();
    }
}

/// <summary><c>auditEvents</c> for the auditor: every filter, paging, and refusal of bad arguments.</summary>
public sealed class AuditEventsQueryTests(AuditedAccessesFixture fixture) : IClassFixture<AuditedAccessesFixture>
{
    private const string Event = "leafIndex kind requestId time agency dataset purpose case decision problem rule status fields";

    [Fact]
    public async Task AuditEvents_NoFilter_ListsEveryAccessOldestFirst()
    {
        var requestIds = await AccessesAsync();

        var events = await EventsAsync(null);

        Assert.Equal(requestIds, events.Select(e => e.GetProperty("requestId").GetString()!));
        var leafIndexes = events.Select(e => e.GetProperty("leafIndex").GetInt64()).ToList();
        Assert.Equal(leafIndexes.Order(), leafIndexes);
        Assert.All(events, e => Assert.Equal("data-access", e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task AuditEvents_AllowedRead_RecordsRuleCaseStatusAndFields()
    {
        var requestIds = await AccessesAsync();

        var events = await EventsAsync(null);

        var read = events.Single(e => e.GetProperty("requestId").GetString() == requestIds[0]);
        Assert.Equal("sz-civil-affairs", read.GetProperty("agency").GetString());
        Assert.Equal("business-licenses", read.GetProperty("dataset").GetString());
        Assert.Equal("business-verification", read.GetProperty("purpose").GetString());
        Assert.Equal("case-2026-001", read.GetProperty("case").GetString());
        Assert.Equal("ALLOWED", read.GetProperty("decision").GetString());
        Assert.Equal("business-licenses@2026-11-01.1", read.GetProperty("rule").GetString());
        Assert.Equal(200, read.GetProperty("status").GetInt32());
        Assert.Contains("legal_representative", GraphQLAssert.Strings(read.GetProperty("fields")));
        Assert.DoesNotContain("internal_remarks", GraphQLAssert.Strings(read.GetProperty("fields")));
    }

    [Fact]
    public async Task AuditEvents_Refusals_RecordTheProblemType()
    {
        var requestIds = await AccessesAsync();

        var events = await EventsAsync(null);

        var grant = events.Single(e => e.GetProperty("requestId").GetString() == requestIds[2]);
        var notShared = events.Single(e => e.GetProperty("requestId").GetString() == requestIds[3]);
        Assert.Equal("DENIED", grant.GetProperty("decision").GetString());
        Assert.Equal("urn:interchange:problem:grant-required", grant.GetProperty("problem").GetString());
        Assert.Equal(403, grant.GetProperty("status").GetInt32());
        Assert.Equal("DENIED", notShared.GetProperty("decision").GetString());
        Assert.Equal("urn:interchange:problem:not-shared", notShared.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task AuditEvents_ByAgency_ListsOnlyThatAgencysAccesses()
    {
        var requestIds = await AccessesAsync();

        var events = await EventsAsync(new { agency = "gz-human-resources" });

        Assert.Equal([requestIds[4]], events.Select(e => e.GetProperty("requestId").GetString()!));
    }

    [Fact]
    public async Task AuditEvents_ByDataset_ListsOnlyThatDataset()
    {
        var requestIds = await AccessesAsync();

        var events = await EventsAsync(new { dataset = "business-licenses" });

        Assert.Equal([requestIds[0], requestIds[1], requestIds[4]], events.Select(e => e.GetProperty("requestId").GetString()!));
    }

    [Fact]
    public async Task AuditEvents_ByDecision_SeparatesAllowedFromDenied()
    {
        var requestIds = await AccessesAsync();

        var denied = await EventsAsync(new { decision = "DENIED" });
        var allowed = await EventsAsync(new { decision = "ALLOWED" });

        Assert.Equal([requestIds[2], requestIds[3]], denied.Select(e => e.GetProperty("requestId").GetString()!));
        Assert.Equal([requestIds[0], requestIds[1], requestIds[4]], allowed.Select(e => e.GetProperty("requestId").GetString()!));
    }

    [Fact]
    public async Task AuditEvents_ByPurposeAndCase_ListsOnlyMatchingAccesses()
    {
        var requestIds = await AccessesAsync();

        var byPurpose = await EventsAsync(new { purpose = "subsistence-allowance-review" });
        var byCase = await EventsAsync(new { @case = "case-2026-001" });

        Assert.Equal([requestIds[1], requestIds[2]], byPurpose.Select(e => e.GetProperty("requestId").GetString()!));
        Assert.Equal([requestIds[0]], byCase.Select(e => e.GetProperty("requestId").GetString()!));
    }

    [Fact]
    public async Task AuditEvents_ByTimeRange_IncludesFromAndExcludesTo()
    {
        await AccessesAsync();
        var all = await EventsAsync(null);
        var from = all[1].GetProperty("time").GetDateTimeOffset();
        var to = all[3].GetProperty("time").GetDateTimeOffset();

        var events = await EventsAsync(new { from, to });

        var expected = all.Where(e => e.GetProperty("time").GetDateTimeOffset() >= from && e.GetProperty("time").GetDateTimeOffset() < to)
            .Select(e => e.GetProperty("leafIndex").GetInt64());
        Assert.Equal(expected, events.Select(e => e.GetProperty("leafIndex").GetInt64()));
        Assert.Contains(all[1].GetProperty("leafIndex").GetInt64(), events.Select(e => e.GetProperty("leafIndex").GetInt64()));
        Assert.DoesNotContain(all[3].GetProperty("leafIndex").GetInt64(), events.Select(e => e.GetProperty("leafIndex").GetInt64()));
    }

    [Fact]
    public async Task AuditEvents_SeveralFilters_AllMustHold()
    {
        var requestIds = await AccessesAsync();

        var events = await EventsAsync(new { agency = "sz-civil-affairs", dataset = "business-licenses", decision = "ALLOWED", purpose = "subsistence-allowance-review" });

        Assert.Equal([requestIds[1]], events.Select(e => e.GetProperty("requestId").GetString()!));
    }

    [Fact]
    public async Task AuditEvents_PagedWithFirstAndAfter_WalksTheLogOnce()
    {
        var requestIds = await AccessesAsync();
        const string query = "query($after: String) { auditEvents(first: 2, after: $after) { totalCount nodes { requestId } edges { cursor } pageInfo { hasNextPage endCursor } } }";

        var seen = new List<string>();
        var pages = new List<JsonElement>();
        string? after = null;
        do
        {
            var page = (await AuditorAsync(query, new { after })).GetProperty("auditEvents");
            pages.Add(page);
            seen.AddRange(page.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("requestId").GetString()!));
            after = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? page.GetProperty("pageInfo").GetProperty("endCursor").GetString() : null;
        }
        while (after is not null && pages.Count < 10);

        Assert.Equal(requestIds, seen);
        Assert.Equal(3, pages.Count);
        Assert.All(pages, p => Assert.Equal(requestIds.Count, p.GetProperty("totalCount").GetInt64()));
        Assert.Equal(pages[0].GetProperty("pageInfo").GetProperty("endCursor").GetString(), pages[0].GetProperty("edges")[1].GetProperty("cursor").GetString());
    }

    [Theory]
    [InlineData("!!!")]
    [InlineData("not-a-cursor")]
    [InlineData("MTIz")]
    public async Task AuditEvents_CursorNotIssuedByTheApi_IsBadUserInput(string after)
    {
        var token = await fixture.Client.TokenAsync("gd-audit-office");

        var response = await fixture.Client.GraphQLAsync(token, "query($after: String) { auditEvents(after: $after) { totalCount } }", new { after });

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        Assert.Equal(JsonValueKind.Null, response.Data.ValueKind);
    }

    [Fact]
    public async Task Datasets_CursorOfTheAuditConnection_IsBadUserInput()
    {
        await AccessesAsync();
        var cursor = (await AuditorAsync("{ auditEvents(first: 1) { pageInfo { endCursor } } }")).GetProperty("auditEvents").GetProperty("pageInfo").GetProperty("endCursor").GetString();
        var token = await fixture.Client.TokenAsync("gd-audit-office");

        var response = await fixture.Client.GraphQLAsync(token, "query($after: String) { datasets(after: $after) { totalCount } }", new { after = cursor });

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task AuditEvents_FirstOutsideOneToTheCap_IsBadUserInput(int first)
    {
        var token = await fixture.Client.TokenAsync("gd-audit-office");

        var response = await fixture.Client.GraphQLAsync(token, "query($first: Int) { auditEvents(first: $first) { totalCount } }", new { first });

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
    }

    private Task<IReadOnlyList<string>> AccessesAsync() => fixture.AccessesAsync();

    private async Task<List<JsonElement>> EventsAsync(object? filter)
    {
        var data = await AuditorAsync($"query($filter: AuditFilter) {{ auditEvents(filter: $filter, first: 100) {{ totalCount nodes {{ {Event} }} }} }}", new { filter });
        var connection = data.GetProperty("auditEvents");
        var nodes = connection.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(nodes.Count, connection.GetProperty("totalCount").GetInt64());
        return nodes;
    }

    private async Task<JsonElement> AuditorAsync(string query, object? variables = null) =>
        GraphQLAssert.Ok(await fixture.Client.GraphQLAsync(await fixture.Client.TokenAsync("gd-audit-office"), query, variables));
}
