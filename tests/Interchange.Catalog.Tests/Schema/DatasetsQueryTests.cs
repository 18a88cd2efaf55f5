using System.Text.Json;
using Interchange.Testing;

namespace Interchange.Catalog.Tests.Schema;

/// <summary><c>datasets</c> and <c>dataset</c> over the demo scenario, as a consumer sees them through the gateway.</summary>
public sealed class DatasetsQueryTests(InterchangeFixture fixture) : IClassFixture<InterchangeFixture>
{
    private const string Page = "totalCount nodes { id } pageInfo { hasNextPage endCursor } edges { cursor node { id } }";

    [Fact]
    public async Task Datasets_NoFilter_ListsEveryDatasetOrderedById()
    {
        var data = await QueryAsync($$"""{ datasets { {{Page}} } }""");

        var datasets = data.GetProperty("datasets");
        Assert.Equal(["business-licenses", "criminal-records", "household-registration", "social-insurance-contributions"], GraphQLAssert.Ids(datasets));
        Assert.Equal(4, datasets.GetProperty("totalCount").GetInt64());
        Assert.False(datasets.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
    }

    [Theory]
    [InlineData("household", "household-registration")]
    [InlineData("HOUSEHOLD", "household-registration")]
    [InlineData("营业执照", "business-licenses")]
    [InlineData("monthly social insurance", "social-insurance-contributions")]
    [InlineData("不予共享", "criminal-records")]
    public async Task Datasets_TextFilter_MatchesIdTitleOrDescription(string text, string expected)
    {
        var data = await QueryAsync("query($text: String) { datasets(filter: { text: $text }) { totalCount nodes { id } } }", new { text });

        Assert.Equal([expected], GraphQLAssert.Ids(data.GetProperty("datasets")));
        Assert.Equal(1, data.GetProperty("datasets").GetProperty("totalCount").GetInt64());
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("no dataset mentions this")]
    public async Task Datasets_TextFilterWithWildcardsOrNoMatch_ReturnsNothing(string text)
    {
        var data = await QueryAsync("query($text: String) { datasets(filter: { text: $text }) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }", new { text });

        var datasets = data.GetProperty("datasets");
        Assert.Empty(GraphQLAssert.Ids(datasets));
        Assert.Equal(0, datasets.GetProperty("totalCount").GetInt64());
        Assert.Equal(JsonValueKind.Null, datasets.GetProperty("pageInfo").GetProperty("endCursor").ValueKind);
    }

    [Theory]
    [InlineData("440000", new[] { "business-licenses", "criminal-records", "household-registration", "social-insurance-contributions" })]
    [InlineData("440300", new[] { "business-licenses", "criminal-records", "household-registration" })]
    [InlineData("440100", new[] { "social-insurance-contributions" })]
    [InlineData("110000", new string[0])]
    public async Task Datasets_RegionFilter_IncludesRegionsWithin(string region, string[] expected)
    {
        var data = await QueryAsync("query($region: String) { datasets(filter: { region: $region }) { totalCount nodes { id region } } }", new { region });

        var datasets = data.GetProperty("datasets");
        Assert.Equal(expected, GraphQLAssert.Ids(datasets));
        Assert.Equal(expected.Length, datasets.GetProperty("totalCount").GetInt64());
    }

    [Theory]
    [InlineData("4403")]
    [InlineData("44030x")]
    [InlineData("4403000")]
    [InlineData("")]
    public async Task Datasets_RegionNotAGbT2260Code_IsBadUserInput(string region)
    {
        var response = await GraphQLAsync("query($region: String) { datasets(filter: { region: $region }) { totalCount } }", new { region });

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        Assert.Equal(JsonValueKind.Null, response.Data.ValueKind);
    }

    [Theory]
    [InlineData("sz-public-security", new[] { "criminal-records", "household-registration" })]
    [InlineData("gz-human-resources", new[] { "social-insurance-contributions" })]
    [InlineData("sz-civil-affairs", new string[0])]
    public async Task Datasets_ProviderFilter_ListsThatProvidersDatasets(string provider, string[] expected)
    {
        var data = await QueryAsync("query($provider: ID) { datasets(filter: { provider: $provider }) { nodes { id provider { id } } } }", new { provider });

        var nodes = data.GetProperty("datasets").GetProperty("nodes");
        Assert.Equal(expected, GraphQLAssert.Ids(data.GetProperty("datasets")));
        Assert.All(nodes.EnumerateArray(), n => Assert.Equal(provider, n.GetProperty("provider").GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("UNCONDITIONAL", new[] { "business-licenses" })]
    [InlineData("CONDITIONAL", new[] { "household-registration", "social-insurance-contributions" })]
    [InlineData("NOT_SHARED", new[] { "criminal-records" })]
    public async Task Datasets_SharingTypeFilter_ListsDatasetsSharedThatWay(string sharingType, string[] expected)
    {
        var data = await QueryAsync($$"""{ datasets(filter: { sharingType: {{sharingType}} }) { nodes { id sharingType } } }""");

        var nodes = data.GetProperty("datasets").GetProperty("nodes");
        Assert.Equal(expected, GraphQLAssert.Ids(data.GetProperty("datasets")));
        Assert.All(nodes.EnumerateArray(), n => Assert.Equal(sharingType, n.GetProperty("sharingType").GetString()));
    }

    [Theory]
    [InlineData("GENERAL", new[] { "business-licenses", "social-insurance-contributions" })]
    [InlineData("IMPORTANT", new[] { "criminal-records", "household-registration" })]
    [InlineData("CORE", new string[0])]
    public async Task Datasets_ClassificationFilter_ListsDatasetsOfThatClass(string classification, string[] expected)
    {
        var data = await QueryAsync($$"""{ datasets(filter: { classification: {{classification}} }) { nodes { id classification } } }""");

        var nodes = data.GetProperty("datasets").GetProperty("nodes");
        Assert.Equal(expected, GraphQLAssert.Ids(data.GetProperty("datasets")));
        Assert.All(nodes.EnumerateArray(), n => Assert.Equal(classification, n.GetProperty("classification").GetString()));
    }

    [Fact]
    public async Task Datasets_SeveralFilters_AllMustHold()
    {
        var data = await QueryAsync("""{ datasets(filter: { region: "440000", provider: "sz-public-security", sharingType: CONDITIONAL, classification: IMPORTANT, text: "household" }) { totalCount nodes { id } } }""");

        Assert.Equal(["household-registration"], GraphQLAssert.Ids(data.GetProperty("datasets")));
        Assert.Equal(1, data.GetProperty("datasets").GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task Datasets_PagedWithFirstAndAfter_WalksEveryDatasetOnce()
    {
        var first = (await QueryAsync($$"""{ datasets(first: 3) { {{Page}} } }""")).GetProperty("datasets");
        var cursor = first.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        var second = (await QueryAsync($$"""query($after: String) { datasets(first: 3, after: $after) { {{Page}} } }""", new { after = cursor })).GetProperty("datasets");

        Assert.Equal(["business-licenses", "criminal-records", "household-registration"], GraphQLAssert.Ids(first));
        Assert.True(first.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.Equal(["social-insurance-contributions"], GraphQLAssert.Ids(second));
        Assert.False(second.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.Equal(4, first.GetProperty("totalCount").GetInt64());
        Assert.Equal(4, second.GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task Datasets_Edges_CarryTheNodesAndTheirCursors()
    {
        var datasets = (await QueryAsync($$"""{ datasets(first: 2) { {{Page}} } }""")).GetProperty("datasets");

        var edges = datasets.GetProperty("edges").EnumerateArray().ToList();
        Assert.Equal(GraphQLAssert.Ids(datasets), edges.Select(e => e.GetProperty("node").GetProperty("id").GetString()!));
        Assert.Equal(datasets.GetProperty("pageInfo").GetProperty("endCursor").GetString(), edges[^1].GetProperty("cursor").GetString());
        Assert.Equal(2, edges.Select(e => e.GetProperty("cursor").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Datasets_AfterAnEdgeCursor_ContinuesAfterThatEdge()
    {
        var datasets = (await QueryAsync($$"""{ datasets { {{Page}} } }""")).GetProperty("datasets");
        var secondCursor = datasets.GetProperty("edges")[1].GetProperty("cursor").GetString();

        var rest = (await QueryAsync("query($after: String) { datasets(after: $after) { totalCount nodes { id } } }", new { after = secondCursor })).GetProperty("datasets");

        Assert.Equal(["household-registration", "social-insurance-contributions"], GraphQLAssert.Ids(rest));
    }

    [Fact]
    public async Task Datasets_FirstAtTheCap_IsAccepted()
    {
        var data = await QueryAsync("{ datasets(first: 100) { totalCount nodes { id } } }");

        Assert.Equal(4, GraphQLAssert.Ids(data.GetProperty("datasets")).Length);
    }

    [Theory]
    [InlineData(101)]
    [InlineData(100000)]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Datasets_FirstOutsideOneToTheCap_IsBadUserInput(int first)
    {
        var response = await GraphQLAsync("query($first: Int) { datasets(first: $first) { totalCount } }", new { first });

        var error = GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        Assert.Contains("between 1 and 100", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, response.Data.ValueKind);
    }

    [Theory]
    [InlineData("!!!")]
    [InlineData("abc")]
    [InlineData("not-a-cursor")]
    [InlineData("eyJpZCI6MX0")]
    public async Task Datasets_CursorNotIssuedByTheApi_IsBadUserInput(string after)
    {
        var response = await GraphQLAsync("query($after: String) { datasets(after: $after) { totalCount nodes { id } } }", new { after });

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
        Assert.Equal(JsonValueKind.Null, response.Data.ValueKind);
    }

    [Fact]
    public async Task Dataset_ById_DescribesProviderFieldsAndPurposes()
    {
        var data = await QueryAsync("""
            { dataset(id: "business-licenses") {
                id title description region sharingType classification listVersion
                provider { id name region }
                fields { name type personal }
                purposes } }
            """);

        var dataset = data.GetProperty("dataset");
        Assert.Equal("business-licenses", dataset.GetProperty("id").GetString());
        Assert.Equal("Business Licence Registrations (营业执照登记信息)", dataset.GetProperty("title").GetString());
        Assert.Equal("440300", dataset.GetProperty("region").GetString());
        Assert.Equal("UNCONDITIONAL", dataset.GetProperty("sharingType").GetString());
        Assert.Equal("GENERAL", dataset.GetProperty("classification").GetString());
        Assert.Equal("2026-11-01.1", dataset.GetProperty("listVersion").GetString());
        var provider = dataset.GetProperty("provider");
        Assert.Equal("sz-market-regulation", provider.GetProperty("id").GetString());
        Assert.Equal("Shenzhen Administration for Market Regulation", provider.GetProperty("name").GetString());
        Assert.Equal("440300", provider.GetProperty("region").GetString());
        Assert.Equal(["business-verification", "subsistence-allowance-review", "market-supervision"], GraphQLAssert.Strings(dataset.GetProperty("purposes")));
        var fields = dataset.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Contains("uscc", fields.Keys);
        Assert.True(fields["legal_representative"].GetProperty("personal").GetBoolean());
        Assert.False(fields["company_name"].GetProperty("personal").GetBoolean());
        Assert.Equal("number", fields["registered_capital"].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Dataset_UnconditionalForAnyConsumer_MyAccessAllowsWithMaskedFieldsAndRule()
    {
        var data = await QueryAsync("""{ dataset(id: "business-licenses") { myAccess { allowed purpose fields rule reason problem } } }""");

        var access = data.GetProperty("dataset").GetProperty("myAccess");
        var fields = GraphQLAssert.Strings(access.GetProperty("fields"));
        Assert.True(access.GetProperty("allowed").GetBoolean());
        Assert.Equal("business-licenses@2026-11-01.1", access.GetProperty("rule").GetString());
        Assert.Equal("business-verification", access.GetProperty("purpose").GetString());
        Assert.Contains("legal_representative", fields);
        Assert.Contains("uscc", fields);
        Assert.DoesNotContain("internal_remarks", fields);
        Assert.Equal(JsonValueKind.Null, access.GetProperty("problem").ValueKind);
    }

    [Fact]
    public async Task Dataset_ConditionalWithoutGrant_MyAccessRefusesNamingTheGrant()
    {
        var data = await QueryAsync("""{ dataset(id: "household-registration") { sharingType replyDeadlineDays myAccess { allowed fields rule reason problem } } }""");

        var dataset = data.GetProperty("dataset");
        var access = dataset.GetProperty("myAccess");
        Assert.Equal("CONDITIONAL", dataset.GetProperty("sharingType").GetString());
        Assert.Equal(5, dataset.GetProperty("replyDeadlineDays").GetInt32());
        Assert.False(access.GetProperty("allowed").GetBoolean());
        Assert.Contains("grant", access.GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("urn:interchange:problem:grant-required", access.GetProperty("problem").GetString());
        Assert.Empty(GraphQLAssert.Strings(access.GetProperty("fields")));
    }

    [Fact]
    public async Task Dataset_NotShared_MyAccessRefusesWithTheLegalBasis()
    {
        var data = await QueryAsync("""{ dataset(id: "criminal-records") { sharingType legalBasis fields { name } purposes myAccess { allowed fields reason problem } } }""");

        var dataset = data.GetProperty("dataset");
        var access = dataset.GetProperty("myAccess");
        Assert.Equal("NOT_SHARED", dataset.GetProperty("sharingType").GetString());
        Assert.StartsWith("Criminal Procedure Law art. 286", dataset.GetProperty("legalBasis").GetString(), StringComparison.Ordinal);
        Assert.False(access.GetProperty("allowed").GetBoolean());
        Assert.Contains("Criminal Procedure Law art. 286", access.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("urn:interchange:problem:not-shared", access.GetProperty("problem").GetString());
        Assert.Empty(GraphQLAssert.Strings(access.GetProperty("fields")));
        Assert.Empty(GraphQLAssert.Strings(dataset.GetProperty("purposes")));
    }

    [Fact]
    public async Task Dataset_MyAccessForUnlistedPurpose_RefusesAsPurposeNotPermitted()
    {
        var data = await QueryAsync("""{ dataset(id: "business-licenses") { myAccess(purpose: "unlisted") { allowed purpose fields reason problem } } }""");

        var access = data.GetProperty("dataset").GetProperty("myAccess");
        Assert.False(access.GetProperty("allowed").GetBoolean());
        Assert.Equal("unlisted", access.GetProperty("purpose").GetString());
        Assert.Equal("urn:interchange:problem:purpose-not-permitted", access.GetProperty("problem").GetString());
        Assert.Contains("unlisted", access.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(GraphQLAssert.Strings(access.GetProperty("fields")));
    }

    [Fact]
    public async Task Dataset_UnknownId_IsNullWithoutErrors()
    {
        var response = await GraphQLAsync("""{ dataset(id: "no-such-dataset") { id title } }""");

        Assert.Equal(JsonValueKind.Null, GraphQLAssert.Ok(response).GetProperty("dataset").ValueKind);
    }

    [Fact]
    public async Task Dataset_ChineseText_IsSentUnescaped()
    {
        var response = await GraphQLAsync("""{ dataset(id: "criminal-records") { title description } }""");

        GraphQLAssert.Ok(response);
        Assert.Contains("违法犯罪记录信息", response.Body, StringComparison.Ordinal);
        Assert.Contains("不予共享", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dataset_AliasesAndFragments_ResolveLikeThePlainQuery()
    {
        var data = await QueryAsync("""
            query { a: dataset(id: "business-licenses") { ...Summary } b: dataset(id: "criminal-records") { ...Summary } }
            fragment Summary on Dataset { key: id sharing: sharingType provider { id } }
            """);

        Assert.Equal("business-licenses", data.GetProperty("a").GetProperty("key").GetString());
        Assert.Equal("UNCONDITIONAL", data.GetProperty("a").GetProperty("sharing").GetString());
        Assert.Equal("criminal-records", data.GetProperty("b").GetProperty("key").GetString());
        Assert.Equal("sz-public-security", data.GetProperty("b").GetProperty("provider").GetProperty("id").GetString());
    }

    private async Task<GraphQLResponse> GraphQLAsync(string query, object? variables = null) =>
        await fixture.Client.GraphQLAsync(await fixture.Client.TokenAsync("sz-civil-affairs"), query, variables);

    private async Task<JsonElement> QueryAsync(string query, object? variables = null) => GraphQLAssert.Ok(await GraphQLAsync(query, variables));
}
