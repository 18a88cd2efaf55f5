using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Interchange.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Interchange.Catalog.Tests.Endpoint;

/// <summary>GraphQL over HTTP at <c>/graphql</c> through the gateway: authentication, request shape and abuse limits.</summary>
public sealed class GraphQLEndpointTests(InterchangeFixture fixture) : IClassFixture<InterchangeFixture>
{
    private const string AuditQuery = "{ auditEvents { totalCount nodes { requestId } } }";

    [Fact]
    public async Task Post_WithoutToken_Returns401Unauthenticated()
    {
        var response = await fixture.Client.GraphQLAsync(null, "{ datasets { totalCount } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        GraphQLAssert.Refused(response, "UNAUTHENTICATED");
        Assert.False(response.Json.TryGetProperty("data", out _));
    }

    public static TheoryData<string> BadTokens => new()
    {
        "garbage",
        "abc.def.ghi",
        TokenForge.WithoutSignature(),
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Post_WithGarbageToken_Returns401Unauthenticated(string token)
    {
        var response = await fixture.Client.GraphQLAsync(token, "{ datasets { totalCount } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        GraphQLAssert.Refused(response, "UNAUTHENTICATED");
        Assert.DoesNotContain("business-licenses", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithTokenSignedByAnotherKeyUnderTheRealKeyId_Returns401()
    {
        var realKid = fixture.Forge.SigningKey().KeyId;
        var forged = fixture.Forge.Create(key: new RsaSecurityKey(RSA.Create(2048)) { KeyId = realKid });

        var response = await fixture.Client.GraphQLAsync(forged, "{ datasets { totalCount } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        GraphQLAssert.Refused(response, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Post_WithExpiredToken_Returns401()
    {
        var expired = fixture.Forge.Create(notBefore: DateTime.UtcNow.AddMinutes(-30), expires: DateTime.UtcNow.AddMinutes(-10));

        var response = await fixture.Client.GraphQLAsync(expired, "{ datasets { totalCount } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        GraphQLAssert.Refused(response, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Post_WithTokenLackingCatalogScope_Returns403Forbidden()
    {
        var token = await fixture.Client.TokenAsync("sz-civil-affairs", "data");

        var response = await fixture.Client.GraphQLAsync(token, "{ datasets { totalCount } }");

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        GraphQLAssert.Refused(response, "FORBIDDEN");
        Assert.False(response.Json.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task AuditEvents_AsConsumer_IsForbiddenWithNoData()
    {
        var token = await fixture.Client.TokenAsync("sz-civil-affairs");

        var response = await fixture.Client.GraphQLAsync(token, AuditQuery);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        GraphQLAssert.Refused(response, "FORBIDDEN");
        Assert.Equal(JsonValueKind.Null, response.Data.ValueKind);
        Assert.Equal(["data", "errors"], response.Json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(1, response.Json.GetProperty("errors").GetArrayLength());
        Assert.Equal(["auditEvents"], GraphQLAssert.Strings(response.Json.GetProperty("errors")[0].GetProperty("path")));
    }

    [Fact]
    public async Task AuditEvents_AsConsumerBesideAnAllowedField_ReturnsNothingOfEither()
    {
        var token = await fixture.Client.TokenAsync("sz-public-security");

        var response = await fixture.Client.GraphQLAsync(token, "{ datasets { totalCount nodes { id } } auditEvents { totalCount nodes { agency dataset } } }");

        GraphQLAssert.Refused(response, "FORBIDDEN");
        Assert.Equal(JsonValueKind.Null, response.Data.ValueKind);
        Assert.DoesNotContain("business-licenses", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditEvents_AuditorWithoutAuditScope_IsForbidden()
    {
        var token = await fixture.Client.TokenAsync("gd-audit-office", "catalog");

        var response = await fixture.Client.GraphQLAsync(token, AuditQuery);

        GraphQLAssert.Refused(response, "FORBIDDEN");
        Assert.Equal(JsonValueKind.Null, response.Data.ValueKind);
    }

    [Fact]
    public async Task AuditEvents_SameDocumentAfterAnAuditorRan_IsStillForbiddenForAConsumer()
    {
        var auditor = await fixture.Client.TokenAsync("gd-audit-office");
        var consumer = await fixture.Client.TokenAsync("sz-civil-affairs");

        var allowed = await fixture.Client.GraphQLAsync(auditor, AuditQuery);
        var refused = await fixture.Client.GraphQLAsync(consumer, AuditQuery);

        GraphQLAssert.Ok(allowed);
        GraphQLAssert.Refused(refused, "FORBIDDEN");
        Assert.Equal(JsonValueKind.Null, refused.Data.ValueKind);
    }

    [Fact]
    public async Task Post_Success_AnswersWithGraphQLResponseMediaTypeAndNoStore()
    {
        using var request = await RequestAsync("""{"query":"{ datasets { totalCount } }"}""");

        using var response = await fixture.Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GraphQLAssert.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Post_MalformedJson_Returns400BadRequestNamingThePosition()
    {
        var response = await SendAsync("""{"query": "{ datasets { totalCount } }" """);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        var error = GraphQLAssert.Refused(response, "BAD_REQUEST");
        Assert.StartsWith("The request body is not valid JSON (line 1, position", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(GraphQLAssert.ContentType, response.ContentType);
    }

    [Fact]
    public async Task Post_BatchedArray_Returns400()
    {
        var response = await SendAsync("""[{"query":"{ datasets { totalCount } }"},{"query":"{ datasets { totalCount } }"}]""");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        var error = GraphQLAssert.Refused(response, "BAD_REQUEST");
        Assert.Contains("Batched operations are not supported", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(response.Json.TryGetProperty("data", out _));
    }

    [Theory]
    [InlineData("""{"variables":{}}""")]
    [InlineData("""{"query":""}""")]
    [InlineData("""{"query":null}""")]
    [InlineData("{}")]
    public async Task Post_WithoutQuery_Returns400(string body)
    {
        var response = await SendAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        var error = GraphQLAssert.Refused(response, "BAD_REQUEST");
        Assert.Equal("The request has no 'query'.", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"{ datasets { totalCount } }\"")]
    [InlineData("""{"query":{"nested":true}}""")]
    public async Task Post_JsonThatIsNotAGraphQLRequest_Returns400(string body)
    {
        var response = await SendAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        GraphQLAssert.Refused(response, "BAD_REQUEST");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/graphql")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Post_OtherContentType_Returns415(string contentType)
    {
        var response = await SendAsync("""{"query":"{ datasets { totalCount } }"}""", contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        GraphQLAssert.Refused(response, "BAD_REQUEST");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task OtherMethod_Returns405AllowingPost(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "graphql?query=%7B%20datasets%20%7B%20totalCount%20%7D%20%7D");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await fixture.Client.TokenAsync("sz-civil-affairs"));

        using var response = await fixture.Client.Http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.DoesNotContain("totalCount\":", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_SyntaxError_Returns400WithErrorsAndNoData()
    {
        var response = await QueryAsync("{ datasets { totalCount ");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.True(response.HasErrors);
        Assert.False(response.Json.TryGetProperty("data", out _));
        Assert.Equal(GraphQLAssert.ContentType, response.ContentType);
        GraphQLAssert.NoInternals(response);
    }

    [Fact]
    public async Task Post_UnknownField_Returns400WithoutExecuting()
    {
        var response = await QueryAsync("{ datasets { totalCount secretColumn } }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("secretColumn", response.Json.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(response.Json.TryGetProperty("data", out _));
        GraphQLAssert.NoInternals(response);
    }

    [Fact]
    public async Task Post_VariableOfTheWrongType_Returns400WithoutTypeNames()
    {
        var response = await QueryAsync("query($first: Int) { datasets(first: $first) { totalCount } }", new { first = "many" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.True(response.HasErrors);
        GraphQLAssert.NoInternals(response);
    }

    [Theory]
    [InlineData("{ datasets(filter: { sharingType: BOGUS }) { totalCount } }")]
    [InlineData("{ datasets(first: 99999999999) { totalCount } }")]
    [InlineData("{ datasets(filter: { region: 440300 }) { totalCount } }")]
    [InlineData("{ dataset(id: { nested: 1 }) { id } }")]
    [InlineData("{ auditEvents(filter: { from: \"yesterday\" }) { totalCount } }")]
    [InlineData("query Q { datasets { totalCount } } query Q { datasets { totalCount } }")]
    [InlineData("{ datasets { totalCount } } { datasets { totalCount } }")]
    [InlineData("mutation { registerDataset { id } }")]
    public async Task Post_InvalidDocument_Returns400WithoutInternals(string query)
    {
        var response = await QueryAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.True(response.HasErrors);
        Assert.False(response.Json.TryGetProperty("data", out _));
        Assert.Equal(GraphQLAssert.ContentType, response.ContentType);
        GraphQLAssert.NoInternals(response);
    }

    [Fact]
    public async Task Post_QueryDeeperThanTen_IsRefusedBeforeExecution()
    {
        var response = await QueryAsync(
            "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.True(response.HasErrors);
        Assert.Contains("depth", response.Json.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Json.TryGetProperty("data", out _));
        GraphQLAssert.NoInternals(response);
    }

    [Fact]
    public async Task Post_DeepQueryThroughNestedFragments_IsRefusedBeforeExecution()
    {
        var response = await QueryAsync("""
            { __schema { ...Types } }
            fragment Types on __Schema { types { ...Fields } }
            fragment Fields on __Type { fields { type { ...Wrapped } } }
            fragment Wrapped on __Type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } }
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("depth", response.Json.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Json.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Post_IntrospectionWithinTheDepthLimit_IsAnswered()
    {
        var response = await QueryAsync("{ __schema { queryType { name fields { name } } } }");

        var data = GraphQLAssert.Ok(response);
        Assert.Equal("Query", data.GetProperty("__schema").GetProperty("queryType").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Post_FiveHundredAliasesOfAFullPage_IsRefusedByComplexity()
    {
        var query = "{ " + string.Join(' ', Enumerable.Range(0, 500).Select(i => $"a{i}: datasets(first: 100) {{ nodes {{ id }} }}")) + " }";

        var response = await QueryAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("complexity", response.Json.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Json.TryGetProperty("data", out _));
        Assert.DoesNotContain("business-licenses", response.Body, StringComparison.Ordinal);
        GraphQLAssert.NoInternals(response);
    }

    [Fact]
    public async Task Post_SameTooComplexDocumentTwice_IsRefusedBothTimes()
    {
        var query = "{ " + string.Join(' ', Enumerable.Range(0, 500).Select(i => $"a{i}: datasets(first: 100) {{ nodes {{ id }} }}")) + " }";

        var first = await QueryAsync(query);
        var second = await QueryAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, first.Status);
        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.False(second.Json.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Post_AFewAliases_AreAnswered()
    {
        var response = await QueryAsync("{ a: datasets(first: 1) { totalCount } b: datasets(first: 2) { totalCount } }");

        var data = GraphQLAssert.Ok(response);
        Assert.Equal(4, data.GetProperty("a").GetProperty("totalCount").GetInt64());
        Assert.Equal(4, data.GetProperty("b").GetProperty("totalCount").GetInt64());
    }

    private async Task<GraphQLResponse> QueryAsync(string query, object? variables = null) =>
        await fixture.Client.GraphQLAsync(await fixture.Client.TokenAsync("sz-civil-affairs"), query, variables);

    private async Task<HttpRequestMessage> RequestAsync(string body, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await fixture.Client.TokenAsync("sz-civil-affairs"));
        return request;
    }

    private async Task<GraphQLResponse> SendAsync(string body, string contentType = "application/json")
    {
        using var request = await RequestAsync(body, contentType);
        return await fixture.Client.SendGraphQLAsync(request);
    }
}
