using System.Net;
using static Interchange.EndToEnd.Tests.ConditionalSharing.SharingClient;

namespace Interchange.EndToEnd.Tests.ConditionalSharing;

/// <summary>
/// SECURITY 6: a grant never stands in for a purpose, and an ended grant — revoked or expired — refuses the
/// very next read, however recently the same read was allowed.
/// </summary>
public sealed class PurposeAndGrantLifetimeTests : FreshInterchange
{
    [Fact]
    public async Task ReadUnderAGrant_WithoutPurpose_Returns400PurposeRequired()
    {
        await Sharing.GrantedAsync();

        var rest = await Sharing.ReadAsync(CivilAffairs, Household, "records/" + Key(0), purpose: null);
        var graphQL = await Sharing.RecordsAsync(CivilAffairs, Household, "records/" + Key(0), purpose: " ");

        await ProblemAsync(rest, HttpStatusCode.BadRequest, "purpose-required");
        RecordsRefused(graphQL, "BAD_USER_INPUT", "purpose-required");
        Sharing.AssertNoCanary();
    }

    [Fact]
    public async Task ReadUnderAGrant_WithPurposeNotInTheList_Returns403PurposeNotPermitted()
    {
        await Sharing.GrantedAsync();

        var rest = await Sharing.ReadAsync(CivilAffairs, Household, "records/" + Key(0), purpose: "tax-collection");
        var graphQL = await Sharing.RecordsAsync(CivilAffairs, Household, "records/" + Key(0), purpose: "tax-collection");

        var problem = await ProblemAsync(rest, HttpStatusCode.Forbidden, "purpose-not-permitted");
        Assert.StartsWith("household-registration@", problem.GetProperty("rule").GetString(), StringComparison.Ordinal);
        RecordsRefused(graphQL, "FORBIDDEN", "purpose-not-permitted");
        Sharing.AssertNoCanary();
    }

    [Fact]
    public async Task ReadUnderAGrant_OfImportantDataWithoutCase_Returns400CaseRequired()
    {
        await Sharing.GrantedAsync();

        var rest = await Sharing.ReadAsync(CivilAffairs, Household, "records/" + Key(0), @case: null);
        var graphQL = await Sharing.RecordsAsync(CivilAffairs, Household, "records/" + Key(0), @case: null);

        await ProblemAsync(rest, HttpStatusCode.BadRequest, "case-required");
        RecordsRefused(graphQL, "BAD_USER_INPUT", "case-required");
        Sharing.AssertNoCanary();
    }

    [Fact]
    public async Task RevokedGrant_RefusesTheNextReadRightAfterAnAllowedOne()
    {
        var (_, grant) = await Sharing.GrantedAsync();
        var path = "records/" + Key(8);
        var first = await Sharing.ReadAsync(CivilAffairs, Household, path);
        var second = await Sharing.ReadAsync(CivilAffairs, Household, path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("no-store", second.Headers.CacheControl?.ToString());
        Succeeded(await Sharing.RecordsAsync(CivilAffairs, Household, path), "records");

        Succeeded(await Sharing.TryRevokeAsync(PublicSecurity, grant), "revokeGrant");
        var rest = await Sharing.ReadAsync(CivilAffairs, Household, path);
        var graphQL = await Sharing.RecordsAsync(CivilAffairs, Household, path);

        await ProblemAsync(rest, HttpStatusCode.Forbidden, "grant-required");
        RecordsRefused(graphQL, "FORBIDDEN", "grant-required");
        Assert.Equal("REVOKED", Assert.Single(await Sharing.GrantsAsync(CivilAffairs)).GetProperty("state").GetString());
        Sharing.AssertNoCanary();
    }

    [Fact]
    public async Task GrantApprovedToEndInSeconds_AllowsReadsUntilThenAndRefusesWithGrantRequiredAfter()
    {
        // The workflow runs on the real clock here, so the grant is approved to end a few seconds ahead — given in
        // Beijing time, as an agency would send it, so the end is compared as an instant and not as text.
        var until = DateTimeOffset.UtcNow.AddSeconds(6).ToOffset(TimeSpan.FromHours(8));
        var (_, grant) = await Sharing.GrantedAsync(until: until);
        var path = "records/" + Key(9);
        var allowed = await Sharing.ReadAsync(CivilAffairs, Household, path);
        Assert.True(allowed.StatusCode == HttpStatusCode.OK || DateTimeOffset.UtcNow >= until,
            $"a read before the grant's end was refused: {(int)allowed.StatusCode}");

        // Poll until the end has passed, bounded, whatever the machine's speed; every answer is one or the other.
        HttpResponseMessage read;
        var giveUp = until.AddSeconds(15);
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            read = await Sharing.ReadAsync(CivilAffairs, Household, path);
            Assert.Contains(read.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Forbidden });
        }
        while (read.StatusCode == HttpStatusCode.OK && DateTimeOffset.UtcNow < giveUp);

        Assert.True(DateTimeOffset.UtcNow >= until, "refused before the grant's end");
        await ProblemAsync(read, HttpStatusCode.Forbidden, "grant-required");
        RecordsRefused(await Sharing.RecordsAsync(CivilAffairs, Household, path), "FORBIDDEN", "grant-required");
        var listed = Assert.Single(await Sharing.GrantsAsync(CivilAffairs));
        Assert.Equal(grant, Id(listed));
        Assert.Equal("EXPIRED", listed.GetProperty("state").GetString());
        Assert.False(listed.GetProperty("revoked").GetBoolean());
        Sharing.AssertNoCanary();
    }
}
