using System.Net;
using Interchange.Samples;
using Interchange.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using static Interchange.EndToEnd.Tests.ConditionalSharing.SharingClient;

namespace Interchange.EndToEnd.Tests.ConditionalSharing;

/// <summary>Answers naming subjects are held whole before release; one larger than the gateway accounts for is withheld.</summary>
public sealed class PersonalAnswerLimitTests : IAsyncLifetime
{
    private readonly SmallLimit _fixture = new();

    [Fact]
    public async Task PageLargerThanTheLimit_Is502WithAReason_AuditedAndNothingReleased()
    {
        var sharing = new SharingClient(_fixture.Client);
        await sharing.GrantedAsync();

        var single = await sharing.ReadAsync(CivilAffairs, Household, "records/" + Key(0));
        var page = await sharing.ReadAsync(CivilAffairs, Household, "records?limit=50&offset=0");

        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        var problem = await ProblemAsync(page, HttpStatusCode.BadGateway, "upstream-unavailable");
        Assert.Contains("2048 bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key(1)[..6] + "*", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var audited = Assert.Single(await sharing.AuditEventsAsync(), e => e.GetProperty("requestId").GetString() == RequestId(page));
        Assert.Equal(502, audited.GetProperty("status").GetInt32());
        Assert.Empty(audited.GetProperty("fields").EnumerateArray());
        sharing.AssertNoCanary();
    }

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    private sealed class SmallLimit : InterchangeFixture
    {
        protected override void Configure(WebApplicationBuilder builder) =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Gateway:MaxPersonalResponseBytes"] = "2048" });
    }
}
