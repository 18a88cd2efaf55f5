using System.Net;
using System.Text.Json;
using Interchange.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Interchange.Identity.Tests.Tokens;

/// <summary>docs/security.md, case 11: repeated failed client authentications are throttled and audited.</summary>
public sealed class ThrottlingTests : IClassFixture<ThrottlingTests.StrictFixture>
{
    private const string WrongSecret = "CANARY-WRONG-SECRET-0042";
    private readonly StrictFixture _fixture;

    public ThrottlingTests(StrictFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Token_RepeatedFailures_AreThrottledEvenForTheRightSecretAndAudited()
    {
        var client = _fixture.Client;
        for (var i = 0; i < StrictFixture.MaxFailures; i++)
        {
            var failed = await client.TokenResponseAsync("gz-human-resources", WrongSecret);
            Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        }

        // Further attempts for that client id from this address are refused, whatever the secret.
        var throttled = await client.TokenResponseAsync("gz-human-resources", "gz-human-resources-secret");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.NotNull(throttled.Headers.RetryAfter);
        Assert.Equal("invalid_client", (await InterchangeClient.JsonAsync(throttled)).GetProperty("error").GetString());

        // Other agencies are not locked out by someone guessing at one client id.
        Assert.False(string.IsNullOrEmpty(await client.TokenAsync("sz-civil-affairs")));

        // Each failure is on the audit record, naming the claimed id; the secret is nowhere.
        var auditor = await client.TokenAsync("gd-audit-office");
        var events = await client.GraphQLAsync(auditor, "{ auditEvents(first: 100) { nodes { kind agency decision detail } } }");
        var refused = events.Data.GetProperty("auditEvents").GetProperty("nodes").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "token-refused").ToList();
        Assert.Equal(StrictFixture.MaxFailures, refused.Count);
        Assert.All(refused, e =>
        {
            Assert.Equal("anonymous", e.GetProperty("agency").GetString());
            Assert.Contains("gz-human-resources", e.GetProperty("detail").GetString(), StringComparison.Ordinal);
        });
        Assert.DoesNotContain(WrongSecret, events.Body, StringComparison.Ordinal);
        var auditFile = await File.ReadAllBytesAsync(Path.Combine(_fixture.Scenario.DataDirectory, "audit.db"));
        var wal = Path.Combine(_fixture.Scenario.DataDirectory, "audit.db-wal");
        var bytes = File.Exists(wal) ? auditFile.Concat(await File.ReadAllBytesAsync(wal)).ToArray() : auditFile;
        Assert.DoesNotContain(WrongSecret, System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    /// <summary>The demo with a low failure threshold, so that the test needs few attempts.</summary>
    public sealed class StrictFixture : InterchangeFixture
    {
        public const int MaxFailures = 3;

        protected override void Configure(WebApplicationBuilder builder) =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Identity:MaxClientFailures"] = MaxFailures.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }
}
