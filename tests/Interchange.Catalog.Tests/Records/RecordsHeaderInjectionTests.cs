using System.Text.Json;
using Interchange.Audit;
using Interchange.Testing;
using Microsoft.Extensions.Options;

namespace Interchange.Catalog.Tests.Records;

/// <summary>
/// The outside attack run's critical finding: <c>records(purpose:, case:)</c> went into the catalogue's request to the
/// gateway unvalidated, so a CR/LF in them smuggled a request of the attacker's making onto a pooled connection and
/// another agency's next read got the attacker's page. Now such input is refused before anything is sent.
/// </summary>
public sealed class RecordsHeaderInjectionTests(InterchangeFixture fixture) : IClassFixture<InterchangeFixture>
{
    private const string Attacker = "sz-civil-affairs";
    private const string Victim = "sz-public-security";
    private const string Dataset = "business-licenses";

    private const string ReadQuery = """
        query($path: String!, $purpose: String!, $case: String) {
          records(dataset: "business-licenses", path: $path, purpose: $purpose, case: $case)
        }
        """;

    private const string SmuggledGet =
        "subsistence-allowance-review\r\n\r\nGET /data/business-licenses/records?limit=1&offset=299 HTTP/1.1\r\nHost: gateway\r\n"
        + "Interchange-Purpose: subsistence-allowance-review\r\n\r\n";

    private const string SmuggledPost =
        "subsistence-allowance-review\r\n\r\nPOST /data/business-licenses/records HTTP/1.1\r\nHost: gateway\r\n"
        + "Interchange-Purpose: subsistence-allowance-review\r\nContent-Type: application/json\r\nContent-Length: 700\r\n\r\n";

    private AuditReader Audit => new(Options.Create(new AuditOptions { DatabasePath = Path.Combine(fixture.Scenario.DataDirectory, "audit.db") }));

    [Theory]
    [InlineData(SmuggledGet)]
    [InlineData(SmuggledPost)]
    public async Task Records_PurposeSmugglingARequest_IsRefusedNothingReachesTheGatewayAndTheNextAgencyGetsItsOwnAnswer(string purpose)
    {
        var attacker = await fixture.Client.TokenAsync(Attacker);
        var victim = await fixture.Client.TokenAsync(Victim);
        var before = await Audit.CountAsync();

        var attack = await fixture.Client.GraphQLAsync(attacker, ReadQuery, new { path = "records?limit=1", purpose });

        Assert.Equal("BAD_USER_INPUT", attack.FirstErrorCode);
        Assert.Contains("'purpose'", attack.Body, StringComparison.Ordinal);
        Assert.Contains("control characters", attack.Body, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, attack.Data.GetProperty("records").ValueKind);
        Assert.Equal(before, await Audit.CountAsync());

        var own = await fixture.Client.GraphQLAsync(victim, ReadQuery, new { path = "records?limit=2&offset=0", purpose = "market-supervision" });

        Assert.False(own.HasErrors, own.Body);
        var page = own.Data.GetProperty("records");
        Assert.Equal(0, page.GetProperty("offset").GetInt32());
        Assert.Equal(2, page.GetProperty("limit").GetInt32());
        var after = await Audit.QueryAsync(new AuditQuery(AfterLeafIndex: before - 1, First: 100));
        var read = Assert.Single(after.Records, r => r.Kind == AuditKinds.DataAccess);
        Assert.Equal(Victim, read.Agency);
        Assert.Equal(Dataset, read.Dataset);
        Assert.Equal("market-supervision", read.Purpose);
        Assert.Equal(200, read.Status);
    }

    public static TheoryData<string, string, string?> BadArguments() => new()
    {
        { "purpose", "market-supervision\r\nInterchange-Agency: sz-audit-office", null },
        { "purpose", "market-supervision\nX-Injected: 1", null },
        { "purpose", "market-supervision\0", null },
        { "purpose", "market\tsupervision", null },
        { "purpose", new string('p', 129), null },
        { "purpose", "市场监管", null },
        { "case", "market-supervision", "MZ-2026-0042\r\nX-Injected: 1" },
        { "case", "market-supervision", "MZ-2026-0042\0" },
        { "case", "market-supervision", new string('c', 129) },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Records_ControlCharactersOrOverlongPurposeOrCase_AreRefusedBeforeAnyCall(string argument, string purpose, string? @case)
    {
        var victim = await fixture.Client.TokenAsync(Victim);
        var before = await Audit.CountAsync();

        var result = await fixture.Client.GraphQLAsync(victim, ReadQuery, new { path = "records?limit=1", purpose, @case });

        Assert.Equal("BAD_USER_INPUT", result.FirstErrorCode);
        Assert.Contains($"'{argument}'", result.Body, StringComparison.Ordinal);
        Assert.Contains("128", result.Body, StringComparison.Ordinal);
        Assert.Equal(before, await Audit.CountAsync());
    }

    [Theory]
    [InlineData("records?limit=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /data/business-licenses/records?offset=299")]
    [InlineData("records\n")]
    [InlineData("records?limit=1\0")]
    public async Task Records_ControlCharactersInPath_AreRefusedBeforeAnyCall(string path)
    {
        var victim = await fixture.Client.TokenAsync(Victim);
        var before = await Audit.CountAsync();

        var result = await fixture.Client.GraphQLAsync(victim, ReadQuery, new { path, purpose = "market-supervision" });

        Assert.Equal("BAD_USER_INPUT", result.FirstErrorCode);
        Assert.Contains("'path'", result.Body, StringComparison.Ordinal);
        Assert.Equal(before, await Audit.CountAsync());
    }

    [Fact]
    public async Task Records_PlainPurposeAndCase_StillRead()
    {
        var victim = await fixture.Client.TokenAsync(Victim);

        var result = await fixture.Client.GraphQLAsync(victim, ReadQuery, new { path = "records?limit=1", purpose = "market-supervision", @case = "MZ-2026-0042 (review)" });

        Assert.False(result.HasErrors, result.Body);
        Assert.Equal(1, result.Data.GetProperty("records").GetProperty("limit").GetInt32());
    }
}
