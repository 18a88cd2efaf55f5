using System.Net;
using Interchange.Core.Http;
using Interchange.Standalone;
using Interchange.Testing;

namespace Interchange.EndToEnd.Tests;

/// <summary>Start, restart and list changes of the standalone interchange.</summary>
public sealed class LifecycleTests
{
    private const string Purpose = "business-verification";

    [Fact]
    public async Task Restart_KeepsAuditLogClientsAndSigningKeys()
    {
        var fixture = new InterchangeFixture();
        await fixture.InitializeAsync();
        try
        {
            var token = await fixture.Client.TokenAsync("sz-civil-affairs");
            var before = await fixture.Client.ReadAsync(token, "data/business-licenses/records?limit=1", Purpose);
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

            await fixture.RestartAsync();

            // The token issued before the restart still validates: the signing key was persisted.
            var after = await fixture.Client.ReadAsync(token, "data/business-licenses/records?limit=1", Purpose);
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
            var auditor = await fixture.Client.TokenAsync("gd-audit-office");
            var events = await fixture.Client.GraphQLAsync(auditor, "{ auditEvents(first: 100) { totalCount nodes { requestId leafIndex } } }");
            var nodes = events.Data.GetProperty("auditEvents").GetProperty("nodes").EnumerateArray().ToList();
            var ids = nodes.Select(n => n.GetProperty("requestId").GetString()).ToList();
            Assert.Contains(DemoStoryTests.RequestId(before), ids);
            Assert.Contains(DemoStoryTests.RequestId(after), ids);
            // The log continues where it stopped: positions are 0, 1, 2, … with no gap or reuse.
            Assert.Equal(Enumerable.Range(0, nodes.Count).Select(i => (long)i), nodes.Select(n => n.GetProperty("leafIndex").GetInt64()));
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    [Fact]
    public async Task ListEdit_BadFileKeepsPreviousVersion_GoodFileTakesEffectWithoutRestart()
    {
        var fixture = new InterchangeFixture();
        await fixture.InitializeAsync();
        try
        {
            var token = await fixture.Client.TokenAsync("sz-civil-affairs");
            var listPath = Path.Combine(fixture.Scenario.ListsDirectory, "sz-market-regulation.yaml");
            var original = await File.ReadAllTextAsync(listPath);

            // A broken edit: the version in force stays and keeps deciding.
            await File.WriteAllTextAsync(listPath, original.Replace("sharing: unconditional", "sharing: sometimes", StringComparison.Ordinal));
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var stillServed = await fixture.Client.ReadAsync(token, "data/business-licenses/records?limit=1", Purpose);
            Assert.Equal(HttpStatusCode.OK, stillServed.StatusCode);
            Assert.EndsWith("@2026-11-01.1", stillServed.Headers.GetValues(InterchangeHeaders.Rule).Single(), StringComparison.Ordinal);

            // A valid new version: the next decision names it.
            await File.WriteAllTextAsync(listPath, original.Replace("version: 2026-11-01.1", "version: 2026-11-24.2", StringComparison.Ordinal));
            var rule = await WaitForRuleAsync(fixture, token, "business-licenses@2026-11-24.2");
            Assert.Equal("business-licenses@2026-11-24.2", rule);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    [Fact]
    public async Task Start_WithABadListFile_FailsNamingFileLineAndReason()
    {
        using var scenario = new TestScenario();
        scenario.WriteList("sz-market-regulation", """
            department: { id: sz-market-regulation, name: Shenzhen AMR, region: "440300" }
            version: 2026-11-01.1
            entries:
              - dataset: business-licenses
                classification: general
                sharing: not-shared
            """);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => InterchangeHost.StartAsync(scenario.Options()));

        var message = error.ToString();
        Assert.Contains("sz-market-regulation.yaml", message, StringComparison.Ordinal);
        Assert.Contains("legal_basis", message, StringComparison.Ordinal);
        Assert.Matches(@"sz-market-regulation\.yaml:\d+:\d+", message);
    }

    private static async Task<string?> WaitForRuleAsync(InterchangeFixture fixture, string token, string expected)
    {
        string? rule = null;
        for (var attempt = 0; attempt < 40 && rule != expected; attempt++)
        {
            await Task.Delay(250);
            var response = await fixture.Client.ReadAsync(token, "data/business-licenses/records?limit=1", Purpose);
            rule = response.Headers.TryGetValues(InterchangeHeaders.Rule, out var values) ? values.Single() : null;
        }

        return rule;
    }
}
