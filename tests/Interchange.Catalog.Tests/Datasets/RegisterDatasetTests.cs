using System.Net;
using System.Text.Json;
using Interchange.Core.Http;
using Interchange.Testing;

namespace Interchange.Catalog.Tests.Datasets;

/// <summary>Providers register their datasets and sources; sources on forbidden addresses are refused (docs/security.md, case 18).</summary>
public sealed class RegisterDatasetTests : IClassFixture<InterchangeFixture>
{
    private const string Mutation = """
        mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id title region sharingType provider { id } } }
        """;

    private readonly InterchangeFixture _fixture;

    public RegisterDatasetTests(InterchangeFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task RegisterDataset_ByProvider_IsCataloguedNotSharedAndRoutedByTheGateway()
    {
        var provider = await _fixture.Client.TokenAsync("sz-market-regulation");

        // A literal intranet address: registering it sends no traffic anywhere.
        var result = await _fixture.Client.GraphQLAsync(provider, Mutation, new { input = Input("food-licences", "http://10.20.30.40:8443/food") });

        var registered = GraphQLAssert.Ok(result).GetProperty("registerDataset");
        Assert.Equal("food-licences", registered.GetProperty("id").GetString());
        Assert.Equal("sz-market-regulation", registered.GetProperty("provider").GetProperty("id").GetString());
        Assert.Equal("NOT_SHARED", registered.GetProperty("sharingType").GetString());

        // Until the provider's list names it, the gateway refuses it as not shared (it knows the route; no connection is made).
        var consumer = await _fixture.Client.TokenAsync("sz-civil-affairs");
        HttpResponseMessage? read = null;
        for (var attempt = 0; attempt < 60; attempt++)
        {
            read = await _fixture.Client.ReadAsync(consumer, "data/food-licences/records", "business-verification");
            if (read.StatusCode != HttpStatusCode.NotFound)
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Equal(HttpStatusCode.Forbidden, read!.StatusCode);
        Assert.Equal(ProblemTypes.NotShared.Uri, (await InterchangeClient.JsonAsync(read)).GetProperty("type").GetString());

        var auditor = await _fixture.Client.TokenAsync("gd-audit-office");
        var events = await _fixture.Client.GraphQLAsync(auditor, """{ auditEvents(first: 100, filter: {dataset: "food-licences"}) { nodes { kind agency } } }""");
        Assert.Contains(GraphQLAssert.Ok(events).GetProperty("auditEvents").GetProperty("nodes").EnumerateArray(),
            e => e.GetProperty("kind").GetString() == "dataset-registered" && e.GetProperty("agency").GetString() == "sz-market-regulation");
    }

    [Theory]
    [InlineData("http://127.0.0.1:9000/records")]
    [InlineData("http://localhost/records")]
    [InlineData("http://[::1]/records")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://0.0.0.0/records")]
    [InlineData("http://[::ffff:127.0.0.1]/records")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://10.1.2.3/records")]
    [InlineData("http://user:secret@10.1.2.3/records")]
    [InlineData("http://10.1.2.3/records?token=x")]
    [InlineData("not a url")]
    public async Task RegisterDataset_ForbiddenSource_IsRefusedAndNothingRegistered(string source)
    {
        var provider = await _fixture.Client.TokenAsync("sz-market-regulation");
        var id = "ssrf-" + Math.Abs(source.GetHashCode(StringComparison.Ordinal) % 100000);

        var result = await _fixture.Client.GraphQLAsync(provider, Mutation, new { input = Input(id, source) });

        GraphQLAssert.Refused(result, "BAD_USER_INPUT");
        Assert.False(await ExistsAsync(provider, id));
    }

    [Fact]
    public async Task RegisterDataset_ByConsumerOnlyAgency_IsForbidden()
    {
        var consumer = await _fixture.Client.TokenAsync("sz-civil-affairs");

        var result = await _fixture.Client.GraphQLAsync(consumer, Mutation, new { input = Input("civil-sneaky", "http://10.1.2.3/x") });

        GraphQLAssert.Refused(result, "FORBIDDEN");
        Assert.False(await ExistsAsync(consumer, "civil-sneaky"));
    }

    [Fact]
    public async Task RegisterDataset_WithoutRegistryScope_IsForbidden()
    {
        var provider = await _fixture.Client.TokenAsync("sz-market-regulation", "catalog data");

        var result = await _fixture.Client.GraphQLAsync(provider, Mutation, new { input = Input("no-scope", "http://10.1.2.3/x") });

        GraphQLAssert.Refused(result, "FORBIDDEN");
    }

    [Theory]
    [InlineData("business-licenses", "440300", "already registered")]
    [InlineData("Bad_Id", "440300", "lower-case")]
    [InlineData("elsewhere", "440100", "within the agency's own region")]
    [InlineData("elsewhere", "4403", "within the agency's own region")]
    public async Task RegisterDataset_BadInput_IsRefusedWithTheReason(string id, string region, string reason)
    {
        var provider = await _fixture.Client.TokenAsync("sz-market-regulation");

        var result = await _fixture.Client.GraphQLAsync(provider, Mutation, new { input = Input(id, "http://10.1.2.3/x", region) });

        var error = GraphQLAssert.Refused(result, "BAD_USER_INPUT");
        Assert.Contains(reason, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static object Input(string id, string source, string region = "440300") => new
    {
        id,
        title = "Food business licences (食品经营许可)",
        description = "Licences for food production and sale.",
        region,
        sourceUrl = source,
        updateFrequency = "daily",
    };

    private async Task<bool> ExistsAsync(string token, string id)
    {
        var result = await _fixture.Client.GraphQLAsync(token, "query($id: ID!) { dataset(id: $id) { id } }", new { id });
        return result.Data.GetProperty("dataset").ValueKind != JsonValueKind.Null;
    }
}
