using System.Net;
using System.Text.Json;
using Interchange.Audit;
using Interchange.Core.Http;
using Interchange.Gateway.Tests.Support;
using Interchange.Samples;
using Interchange.Testing;

namespace Interchange.Gateway.Tests.DataPlane;

/// <summary>Reads of the demo datasets through the front door: what is released, masked and withheld.</summary>
public sealed class DemoReadTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Licenses = "data/business-licenses/records";
    private const string Verification = "business-verification";

    [Fact]
    public async Task Proxy_BusinessLicensesPage_IsAllowedWithRuleMasksRepresentativeAndDropsRemarks()
    {
        var response = await Expect.ReadAsync(fixture, Licenses + "?limit=5&offset=0", Verification);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("business-licenses@2026-11-01.1", Assert.Single(response.Headers.GetValues(InterchangeHeaders.Rule)));
        Expect.RequestId(response);
        var records = JsonDocument.Parse(body).RootElement.GetProperty("records");
        Assert.Equal(5, records.GetArrayLength());
        for (var i = 0; i < 5; i++)
        {
            var expected = DemoData.BusinessLicenses[i];
            var record = records[i];
            Assert.Equal((string)expected["uscc"]!, record.GetProperty("uscc").GetString());
            Assert.Equal((string)expected["company_name"]!, record.GetProperty("company_name").GetString());
            var name = (string)expected["legal_representative"]!;
            var masked = record.GetProperty("legal_representative").GetString()!;
            Assert.Equal(MaskAllButFirst(name), masked);
            Assert.Equal(name[0], masked[0]);
            Assert.All(masked[1..], c => Assert.Equal('*', c));
            Assert.False(record.TryGetProperty("internal_remarks", out _), "internal_remarks was released");
        }

        Assert.DoesNotContain(DemoData.CanaryPrefix, body, StringComparison.Ordinal);
        Expect.NoCanaryAnywhere(fixture);
    }

    [Fact]
    public async Task Proxy_AllowedRead_IsAuditedOnceWithRuleStatusAndReturnedFieldNames()
    {
        var response = await Expect.ReadAsync(fixture, Licenses + "?limit=2", Verification, @case: "CASE-2026-0042");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await Expect.AuditedOnceAsync(fixture, response);
        Assert.Equal(AuditDecision.Allowed, record.Decision);
        Assert.Equal(GatewayFixture.Consumer, record.Agency);
        Assert.Equal("business-licenses", record.Dataset);
        Assert.Equal(Verification, record.Purpose);
        Assert.Equal("CASE-2026-0042", record.Case);
        Assert.Equal("business-licenses@2026-11-01.1", record.Rule);
        Assert.Equal(200, record.Status);
        Assert.Null(record.Problem);
        Assert.Contains("legal_representative", record.Fields);
        Assert.DoesNotContain("internal_remarks", record.Fields);
    }

    [Fact]
    public async Task Proxy_SingleRecordByUscc_ReturnsThatRecordMasked()
    {
        var expected = DemoData.BusinessLicenses[7];
        var uscc = (string)expected["uscc"]!;

        var response = await Expect.ReadAsync(fixture, $"data/business-licenses/records/{uscc}", Verification);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var record = JsonDocument.Parse(body).RootElement;
        Assert.Equal(uscc, record.GetProperty("uscc").GetString());
        Assert.Equal(MaskAllButFirst((string)expected["legal_representative"]!), record.GetProperty("legal_representative").GetString());
        Assert.False(record.TryGetProperty("internal_remarks", out _));
        Assert.DoesNotContain(DemoData.CanaryPrefix, body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)(await Expect.AuditedOnceAsync(fixture, response)).Status);
    }

    [Fact]
    public async Task Proxy_UnknownRecord_Returns404NotFoundWithoutTheSourcesOwnErrorBody()
    {
        var response = await Expect.ReadAsync(fixture, "data/business-licenses/records/91440300NOSUCHCODE", Verification);

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.NotFound, "not-found");
        var body = problem.GetRawText();
        // The demo source answers {"error":"not-found","detail":"No record of business-licenses has this uscc."}.
        Assert.DoesNotContain("has this uscc", body, StringComparison.Ordinal);
        Assert.False(problem.TryGetProperty("error", out _));
        var record = await Expect.AuditedOnceAsync(fixture, response);
        Assert.Equal(404, record.Status);
        Assert.Equal(Expect.ProblemPrefix + "not-found", record.Problem);
    }

    [Fact]
    public async Task Proxy_PagingMembers_PassThroughWithTheRequestedWindow()
    {
        var response = await Expect.ReadAsync(fixture, Licenses + "?limit=3&offset=10", Verification);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var page = JsonDocument.Parse(body).RootElement;
        Assert.Equal(DemoData.RecordsPerDataset, page.GetProperty("total").GetInt32());
        Assert.Equal(3, page.GetProperty("limit").GetInt32());
        Assert.Equal(10, page.GetProperty("offset").GetInt32());
        var records = page.GetProperty("records");
        Assert.Equal(3, records.GetArrayLength());
        Assert.Equal((string)DemoData.BusinessLicenses[10]["uscc"]!, records[0].GetProperty("uscc").GetString());
    }

    [Fact]
    public async Task Proxy_DemoAnswer_CarriesNoServerOrPoweredByHeaderAndIsNotCacheable()
    {
        var response = await Expect.ReadAsync(fixture, Licenses + "?limit=1", Verification);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"));
        Assert.False(response.Headers.Contains("X-Powered-By"));
        Assert.True(response.Headers.CacheControl?.NoStore, "an answer with data must not be stored by caches");
    }

    [Fact]
    public async Task Proxy_EveryDatasetOfTheDemo_NeverReleasesACanaryToAnyPurpose()
    {
        var token = await fixture.ConsumerTokenAsync();
        string[] datasets = [DemoData.BusinessLicensesId, DemoData.HouseholdRegistrationId, DemoData.SocialInsuranceContributionsId, DemoData.CriminalRecordsId];
        string[] purposes = [Verification, "subsistence-allowance-review", "social-insurance-eligibility", "market-supervision"];
        foreach (var dataset in datasets)
        {
            foreach (var purpose in purposes)
            {
                var key = (string)DemoData.Records(dataset)[0][DemoData.KeyField(dataset)]!;
                var page = await fixture.Client.ReadAsync(token, $"data/{dataset}/records?limit=100", purpose, "CASE-1");
                var one = await fixture.Client.ReadAsync(token, $"data/{dataset}/records/{key}", purpose, "CASE-1");
                Expect.RequestId(page);
                Expect.RequestId(one);
            }
        }

        Expect.NoCanaryAnywhere(fixture);
    }

    /// <summary>The list's rule for the representative: first character kept, the rest starred (names are BMP characters).</summary>
    private static string MaskAllButFirst(string name) => name[0] + new string('*', name.Length - 1);
}
