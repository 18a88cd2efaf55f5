using System.Text.Json;
using System.Text.Json.Nodes;
using Interchange.Testing;
using static Interchange.EndToEnd.Tests.ConditionalSharing.SharingClient;

namespace Interchange.EndToEnd.Tests.ConditionalSharing;

/// <summary>
/// SECURITY 4: an application carrying server-set members (state, decider, agency, requester) is rejected as
/// a whole, whether the members are written in the document or smuggled in through variables; nothing is stored.
/// </summary>
public sealed class MassAssignmentTests : IClassFixture<InterchangeFixture>
{
    private readonly SharingClient _sharing;

    public MassAssignmentTests(InterchangeFixture fixture) => _sharing = new SharingClient(fixture.Client);

    [Theory]
    [InlineData("state", "APPROVED")]
    [InlineData("approvedBy", "sz-public-security")]
    [InlineData("agency", "sz-public-security")]
    [InlineData("requester", "gz-human-resources")]
    public async Task RequestAccess_WithServerSetMemberInVariables_IsRejectedAndNothingIsStored(string member, string value)
    {
        var before = await StoredAsync();
        var input = ValidInput();
        input[member] = value;

        var result = await _sharing.AsAsync(CivilAffairs, """
            mutation($input: AccessRequestInput!) { requestAccess(input: $input) { id state requester { id } } }
            """, new JsonObject { ["input"] = input });

        AssertRejected(result, member);
        Assert.Equal(before, await StoredAsync());
    }

    [Theory]
    [InlineData("state", "APPROVED")]
    [InlineData("approvedBy", "\"sz-public-security\"")]
    [InlineData("agency", "\"sz-public-security\"")]
    [InlineData("requester", "\"gz-human-resources\"")]
    public async Task RequestAccess_WithServerSetMemberInTheDocument_IsRejectedAndNothingIsStored(string member, string literal)
    {
        var before = await StoredAsync();
        var until = DateTimeOffset.UtcNow.AddDays(30).ToString("O");

        var result = await _sharing.AsAsync(CivilAffairs, $$"""
            mutation { requestAccess(input: {
              dataset: "household-registration", purpose: "subsistence-allowance-review", fields: ["id_number"],
              justification: "Allowance review.", case: "MZ-2026-0042", until: "{{until}}", {{member}}: {{literal}} }) { id state } }
            """);

        AssertRejected(result, member);
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task RequestAccess_WithOnlyItsOwnMembers_IsStoredWithServerSetStateAndRequester()
    {
        // The control for the cases above: the same input without the extra member is accepted.
        var result = await _sharing.AsAsync(CivilAffairs, """
            mutation($input: AccessRequestInput!) { requestAccess(input: $input) { id state requester { id } provider { id } grant { id } } }
            """, new JsonObject { ["input"] = ValidInput(purpose: Eligibility) });

        var stored = Succeeded(result, "requestAccess");
        Assert.Equal("PENDING", stored.GetProperty("state").GetString());
        Assert.Equal(CivilAffairs, stored.GetProperty("requester").GetProperty("id").GetString());
        Assert.Equal(PublicSecurity, stored.GetProperty("provider").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("grant").ValueKind);
    }

    private static JsonObject ValidInput(string purpose = Allowance) => new()
    {
        ["dataset"] = Household,
        ["purpose"] = purpose,
        ["fields"] = new JsonArray("id_number"),
        ["justification"] = "Allowance review.",
        ["case"] = Case,
        ["until"] = DateTimeOffset.UtcNow.AddDays(30).ToString("O"),
    };

    private static void AssertRejected(GraphQLResponse result, string member)
    {
        Assert.True(result.HasErrors, result.Body);
        Assert.True(!result.Json.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Null, result.Body);
        Assert.Contains(member, result.Json.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Everything an application could have left behind: the listings of every side, and workflow audit events.</summary>
    private async Task<string> StoredAsync()
    {
        var requests = await _sharing.RequestsAsync(AuditOffice);
        var mine = await _sharing.RequestsAsync(CivilAffairs);
        var waiting = await _sharing.RequestsAsync(PublicSecurity, "PROVIDER");
        var grants = await _sharing.GrantsAsync(AuditOffice);
        var workflow = (await _sharing.AuditEventsAsync()).Count(e => e.GetProperty("kind").GetString() != "data-access");
        return string.Join(" | ", Canonical(requests), Canonical(mine), Canonical(waiting), Canonical(grants), workflow);
    }

    private static string Canonical(List<JsonElement> nodes) => string.Join(",", nodes.Select(SharingClient.Canonical));
}
