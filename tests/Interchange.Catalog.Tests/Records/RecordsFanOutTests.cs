using System.Net;
using Interchange.Audit;
using Interchange.Testing;
using Microsoft.Extensions.Options;

namespace Interchange.Catalog.Tests.Records;

/// <summary>
/// Each <c>records</c> field is a read through the gateway; the attack run made 300 of them with one document.
/// A read costs a share of the complexity budget such that at most <c>Catalog:MaxDataReadsPerDocument</c> (10) fit,
/// and a document asking for more is refused before any read.
/// </summary>
public sealed class RecordsFanOutTests(InterchangeFixture fixture) : IClassFixture<InterchangeFixture>
{
    private const string Read = """records(dataset: "business-licenses", path: "records?limit=1", purpose: "market-supervision")""";

    private AuditReader Audit => new(Options.Create(new AuditOptions { DatabasePath = Path.Combine(fixture.Scenario.DataDirectory, "audit.db") }));

    [Theory]
    [InlineData(11)]
    [InlineData(300)]
    public async Task Records_MoreAliasedReadsThanTheCap_IsRefusedBeforeAnyRead(int reads)
    {
        var token = await fixture.Client.TokenAsync("sz-public-security");
        var before = await Audit.CountAsync();

        var response = await fixture.Client.GraphQLAsync(token, "{ " + string.Join(' ', Enumerable.Range(0, reads).Select(i => $"r{i}: {Read}")) + " }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("complexity", response.Json.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Json.TryGetProperty("data", out _));
        Assert.Equal(before, await Audit.CountAsync());
    }

    [Fact]
    public async Task Records_ElevenReadsInNestedFragments_AreCountedAndRefused()
    {
        var token = await fixture.Client.TokenAsync("sz-public-security");
        var before = await Audit.CountAsync();
        var response = await fixture.Client.GraphQLAsync(token, "query { ...Many } fragment Many on Query { a: " + Read + " b: " + Read + " c: " + Read + " ...More ...More2 } "
            + "fragment More on Query { d: " + Read + " e: " + Read + " f: " + Read + " g: " + Read + " } "
            + "fragment More2 on Query { h: " + Read + " i: " + Read + " j: " + Read + " k: " + Read + " }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("complexity", response.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await Audit.CountAsync());
    }

    [Fact]
    public async Task Records_TenReadsBesideOtherFields_AreAnsweredAndEachIsAudited()
    {
        var token = await fixture.Client.TokenAsync("sz-public-security");
        var before = await Audit.CountAsync();

        var response = await fixture.Client.GraphQLAsync(token,
            "{ datasets(first: 5) { totalCount nodes { id title } } " + string.Join(' ', Enumerable.Range(0, 10).Select(i => $"r{i}: {Read}")) + " }");

        Assert.False(response.HasErrors, response.Body);
        Assert.Equal(before + 10, await Audit.CountAsync());
    }
}
