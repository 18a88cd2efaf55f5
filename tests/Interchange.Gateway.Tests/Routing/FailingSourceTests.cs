using System.Net;
using Interchange.Core.Http;
using Interchange.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Interchange.Gateway.Tests.Routing;

/// <summary>docs/security.md, case 20: a source that keeps failing is answered fast with 503, and recovers by itself.</summary>
public sealed class FailingSourceTests : IClassFixture<FailingSourceTests.FlakyFixture>
{
    private const string Purpose = "flaky-testing";
    private readonly FlakyFixture _fixture;

    public FailingSourceTests(FlakyFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Read_SourceFailingRepeatedly_FailsFastWith503ThenRecoversWhenTheSourceReturns()
    {
        var token = await _fixture.Client.TokenAsync("sz-civil-affairs");

        // The source is down: reads fail with 502 until the gateway stops calling it and answers 503 at once.
        HttpResponseMessage? resting = null;
        for (var attempt = 0; attempt < 40 && resting is null; attempt++)
        {
            var response = await _fixture.Client.ReadAsync(token, "data/flaky-records/records", Purpose);
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable });
            resting = response.StatusCode == HttpStatusCode.ServiceUnavailable ? response : null;
        }

        Assert.NotNull(resting);
        Assert.Equal(ProblemTypes.UpstreamUnavailable.Uri, (await InterchangeClient.JsonAsync(resting)).GetProperty("type").GetString());
        Assert.True(resting.Headers.RetryAfter is not null, "a resting source's refusal says when to retry");

        // The source comes back; after the reactivation period the gateway calls it again by itself.
        await using var source = await StartSourceAsync(_fixture.SourcePort);

        HttpStatusCode status = default;
        for (var attempt = 0; attempt < 60 && status != HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(250);
            status = (await _fixture.Client.ReadAsync(token, "data/flaky-records/records", Purpose)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }

    private static async Task<WebApplication> StartSourceAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder([$"--urls=http://127.0.0.1:{port}"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/flaky/records", () => Results.Text("""{"records":[{"name":"back again"}]}""", "application/json"));
        await app.StartAsync();
        return app;
    }

    /// <summary>The demo plus one dataset whose source is down at first, with a short reactivation period.</summary>
    public sealed class FlakyFixture : InterchangeFixture
    {
        public int SourcePort { get; } = TestScenario.FreePort();

        protected override Task ArrangeAsync(TestScenario scenario)
        {
            scenario.AddAgency("flaky-provider", "440300", "provider");
            scenario.AddDataset("flaky-records", "flaky-provider", "440300", new Uri($"http://127.0.0.1:{SourcePort}/flaky"));
            scenario.WriteList("flaky-provider", """
                department: { id: flaky-provider, name: Flaky Provider, region: "440300" }
                version: 2026-11-01.1
                effective_from: 2026-11-01
                entries:
                  - dataset: flaky-records
                    classification: general
                    sharing: unconditional
                    consumers: any
                    purposes:
                      flaky-testing: "Test a source that fails and comes back"
                    fields:
                      name: { type: string, rule: allow }
                """);
            return Task.CompletedTask;
        }

        protected override void Configure(WebApplicationBuilder builder) =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gateway:SourceReactivationPeriod"] = "00:00:02",
                ["Gateway:SourceFailureWindow"] = "00:00:02",
            });
    }
}
