using System.Net;
using System.Text.Json;
using static Interchange.EndToEnd.Tests.ConditionalSharing.SharingClient;

namespace Interchange.EndToEnd.Tests.ConditionalSharing;

/// <summary>
/// SECURITY 1: another agency — here a provider of its own data — cannot see, decide or revoke civil
/// affairs' request or grant by id; it gets the answer an unknown id gets, and nothing changes.
/// </summary>
public sealed class OtherAgencysObjectsTests : FreshInterchange
{
    [Theory]
    [InlineData(HumanResources)]
    [InlineData(MarketRegulation)]
    public async Task OtherProvider_ListingDecidingOrRevokingCivilAffairsObjects_GetsNotFoundLikeAnUnknownIdAndNothingChanges(string other)
    {
        var (_, grantId) = await Sharing.GrantedAsync();
        var pending = Id(await Sharing.RequestAccessAsync(CivilAffairs, purpose: Eligibility, fields: ["id_number", "name"]));
        var unknownRequest = "ar_" + Guid.CreateVersion7().ToString("N");
        var unknownGrant = "gr_" + Guid.CreateVersion7().ToString("N");

        // Listings: neither side of civil affairs' objects is visible to the other agency.
        foreach (var role in new string?[] { null, "REQUESTER", "PROVIDER" })
        {
            Assert.Empty(await Sharing.RequestsAsync(other, role));
            Assert.Empty(await Sharing.GrantsAsync(other, role));
        }

        // Deciding and revoking by id: exactly the answer an unknown id gets.
        var approveOthers = Refused(await Sharing.TryDecideAsync(other, pending, approve: true), "decideAccessRequest", "NOT_FOUND");
        var approveUnknown = Refused(await Sharing.TryDecideAsync(other, unknownRequest, approve: true), "decideAccessRequest", "NOT_FOUND");
        AssertSameAnswer(approveOthers, pending, approveUnknown, unknownRequest);
        var refuseOthers = Refused(await Sharing.TryDecideAsync(other, pending, approve: false, reason: "Not needed."), "decideAccessRequest", "NOT_FOUND");
        var refuseUnknown = Refused(await Sharing.TryDecideAsync(other, unknownRequest, approve: false, reason: "Not needed."), "decideAccessRequest", "NOT_FOUND");
        AssertSameAnswer(refuseOthers, pending, refuseUnknown, unknownRequest);
        var revokeOthers = Refused(await Sharing.TryRevokeAsync(other, grantId), "revokeGrant", "NOT_FOUND");
        var revokeUnknown = Refused(await Sharing.TryRevokeAsync(other, unknownGrant), "revokeGrant", "NOT_FOUND");
        AssertSameAnswer(revokeOthers, grantId, revokeUnknown, unknownGrant);

        // Civil affairs' objects are as they were, and its read still works.
        var request = Assert.Single(await Sharing.RequestsAsync(PublicSecurity, "PROVIDER", "PENDING"));
        Assert.Equal(pending, Id(request));
        Assert.Equal(JsonValueKind.Null, request.GetProperty("grant").ValueKind);
        var grant = Assert.Single(await Sharing.GrantsAsync(CivilAffairs, state: "ACTIVE"));
        Assert.Equal(grantId, Id(grant));
        Assert.False(grant.GetProperty("revoked").GetBoolean());
        var read = await Sharing.ReadAsync(CivilAffairs, Household, "records/" + Key(1));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var events = await Sharing.AuditEventsAsync();
        Assert.DoesNotContain(events, e => e.GetProperty("agency").GetString() == other && e.GetProperty("kind").GetString() != "data-access");
        Sharing.AssertNoCanary();
    }

    /// <summary>Same code, same message (but for the id the caller itself sent), same extension keys.</summary>
    private static void AssertSameAnswer(JsonElement forOthers, string othersId, JsonElement forUnknown, string unknownId)
    {
        var message = forOthers.GetProperty("message").GetString()!;
        Assert.Equal(forUnknown.GetProperty("message").GetString()!.Replace(unknownId, "<id>", StringComparison.Ordinal),
            message.Replace(othersId, "<id>", StringComparison.Ordinal));
        Assert.Equal(forUnknown.GetProperty("extensions").EnumerateObject().Select(p => p.Name + "=" + p.Value.ToString()),
            forOthers.GetProperty("extensions").EnumerateObject().Select(p => p.Name + "=" + p.Value.ToString()));
        Assert.Equal(forUnknown.TryGetProperty("path", out var a) ? a.ToString() : null, forOthers.TryGetProperty("path", out var b) ? b.ToString() : null);
    }
}
