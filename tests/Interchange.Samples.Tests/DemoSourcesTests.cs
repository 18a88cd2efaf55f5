using System.Net;
using System.Text.Json;
using Interchange.Samples;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Interchange.Samples.Tests;

/// <summary>The demo departmental sources, on a real Kestrel port, as the gateway sees them.</summary>
public sealed class DemoSourcesTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = DemoSources.Build(["--urls=http://127.0.0.1:0"]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("business-licenses")]
    [InlineData("household-registration")]
    [InlineData("social-insurance-contributions")]
    [InlineData("criminal-records")]
    public async Task Records_PagesThroughAllRecordsInOrder(string dataset)
    {
        var first = await GetJsonAsync($"/{dataset}/records?limit=100");
        var last = await GetJsonAsync($"/{dataset}/records?limit=100&offset=200");

        Assert.Equal(300, first.GetProperty("total").GetInt32());
        Assert.Equal(100, first.GetProperty("records").GetArrayLength());
        Assert.Equal(200, last.GetProperty("offset").GetInt32());
        var key = DemoData.KeyField(dataset);
        Assert.Equal((string)DemoData.Records(dataset)[200][key]!, last.GetProperty("records")[0].GetProperty(key).GetString());
    }

    [Fact]
    public async Task Record_ByKey_ReturnsThatRecordWithItsCanary()
    {
        var person = DemoData.HouseholdRegistration[7];

        var record = await GetJsonAsync($"/household-registration/records/{person["id_number"]}");

        Assert.Equal((string)person["name"]!, record.GetProperty("name").GetString());
        Assert.StartsWith(DemoData.CanaryPrefix, record.GetProperty("internal_remarks").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_UnknownKey_Returns404WithAReason()
    {
        var response = await _http.GetAsync("/business-licenses/records/000000000000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not-found", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("limit=abc")]
    [InlineData("offset=-1")]
    public async Task Records_BadPaging_Returns400(string query)
    {
        var response = await _http.GetAsync($"/business-licenses/records?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()));
    }

    [Fact]
    public void DemoData_IdentifiersAreValidAndRestrictedValuesAreCanaries()
    {
        Assert.All(DemoData.HouseholdRegistration, r => Assert.True(Data.ResidentIdNumber.IsValid((string)r["id_number"]!)));
        Assert.All(DemoData.BusinessLicenses, r => Assert.True(Data.UnifiedSocialCreditCode.IsValid((string)r["uscc"]!)));
        Assert.All(DemoData.CriminalRecords, r => Assert.All(r.Values.OfType<string>(), v => Assert.StartsWith(DemoData.CanaryPrefix, v, StringComparison.Ordinal)));
        foreach (var dataset in DemoData.DatasetIds)
        {
            Assert.All(DemoData.Records(dataset), r => Assert.StartsWith(DemoData.CanaryPrefix, (string)r["internal_remarks"]!, StringComparison.Ordinal));
        }

        var insured = DemoData.SocialInsuranceContributions.Select(r => (string)r["id_number"]!).ToHashSet();
        Assert.Contains(DemoData.HouseholdRegistration, r => insured.Contains((string)r["id_number"]!));
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
