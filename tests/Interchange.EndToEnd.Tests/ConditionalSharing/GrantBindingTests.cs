using System.Net;
using System.Text.Json;
using static Interchange.EndToEnd.Tests.ConditionalSharing.SharingClient;

namespace Interchange.EndToEnd.Tests.ConditionalSharing;

/// <summary>
/// SECURITY 3: a provider never approves its own request, and an approval is bound to its consumer, dataset
/// and purpose: it opens nothing else.
/// </summary>
public sealed class GrantBindingTests : FreshInterchange
{
    [Fact]
    public async Task Provider_ApplyingForItsOwnDataset_IsRefusedAndNothingIsStored()
    {
        var result = await Sharing.TryRequestAccessAsync(PublicSecurity);

        var error = Refused(result, "requestAccess", "BAD_USER_INPUT");
        Assert.Contains("own dataset", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        foreach (var role in new[] { "REQUESTER", "PROVIDER" })
        {
            Assert.Empty(await Sharing.RequestsAsync(PublicSecurity, role));
        }

        Assert.Empty(await Sharing.RequestsAsync(AuditOffice));
        Assert.DoesNotContain(await Sharing.AuditEventsAsync(), e => e.GetProperty("kind").GetString() == "access-requested");
    }

    [Fact]
    public async Task ProviderThatAlsoConsumes_CannotDecideItsOwnApplication_OnlyTheDatasetsProviderCan()
    {
        // Public security applies, as a consumer, for human resources' data: the decision is human resources' alone.
        var request = Id(await Sharing.RequestAccessAsync(PublicSecurity, SocialInsurance, Allowance, ["id_number", "employer_name"], @case: null));

        Refused(await Sharing.TryDecideAsync(PublicSecurity, request, approve: true), "decideAccessRequest", "NOT_FOUND");

        Assert.Equal("PENDING", Assert.Single(await Sharing.RequestsAsync(PublicSecurity)).GetProperty("state").GetString());
        Assert.Empty(await Sharing.GrantsAsync(PublicSecurity));
        var read = await Sharing.ReadAsync(PublicSecurity, SocialInsurance, "records?limit=1", @case: null);
        await ProblemAsync(read, HttpStatusCode.Forbidden, "grant-required");
        await Sharing.ApproveAsync(HumanResources, request);
        Assert.Equal(HttpStatusCode.OK, (await Sharing.ReadAsync(PublicSecurity, SocialInsurance, "records?limit=1", @case: null)).StatusCode);
    }

    [Fact]
    public async Task GrantForOnePurpose_UsedForAnotherListedPurpose_IsRefusedWithGrantRequired()
    {
        await Sharing.GrantedAsync(Allowance);
        var path = "records/" + Key(3);
        Assert.Equal(HttpStatusCode.OK, (await Sharing.ReadAsync(CivilAffairs, Household, path, Allowance)).StatusCode);

        var rest = await Sharing.ReadAsync(CivilAffairs, Household, path, Eligibility);
        var graphQL = await Sharing.RecordsAsync(CivilAffairs, Household, path, Eligibility);

        await ProblemAsync(rest, HttpStatusCode.Forbidden, "grant-required");
        RecordsRefused(graphQL, "FORBIDDEN", "grant-required");
        Sharing.AssertNoCanary();
    }

    [Fact]
    public async Task GrantOnOneDataset_UsedOnAnotherConditionalDataset_IsRefusedWithGrantRequired()
    {
        await Sharing.GrantedAsync(Allowance);
        var key = (string)Interchange.Samples.DemoData.SocialInsuranceContributions[0]["id_number"]!;

        var rest = await Sharing.ReadAsync(CivilAffairs, SocialInsurance, "records/" + key, Allowance, @case: null);
        var graphQL = await Sharing.RecordsAsync(CivilAffairs, SocialInsurance, "records/" + key, Allowance, @case: null);

        await ProblemAsync(rest, HttpStatusCode.Forbidden, "grant-required");
        RecordsRefused(graphQL, "FORBIDDEN", "grant-required");
        var explained = Succeeded(await Sharing.AsAsync(CivilAffairs, """
            { explainAccess(dataset: "social-insurance-contributions", consumer: "sz-civil-affairs", purpose: "subsistence-allowance-review") { allowed problem } }
            """), "explainAccess");
        Assert.False(explained.GetProperty("allowed").GetBoolean());
        Assert.Equal(JsonValueKind.String, explained.GetProperty("problem").ValueKind);
        Sharing.AssertNoCanary();
    }
}
