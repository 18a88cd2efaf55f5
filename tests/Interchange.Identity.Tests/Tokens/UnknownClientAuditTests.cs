using System.Net;
using System.Security.Cryptography;
using System.Text;
using Interchange.Testing;

namespace Interchange.Identity.Tests.Tokens;

/// <summary>A secret typed into <c>client_id</c> never reaches the append-only audit log; the failure is still recorded.</summary>
public sealed class UnknownClientAuditTests(InterchangeFixture fixture) : IClassFixture<InterchangeFixture>
{
    [Fact]
    public async Task Token_SecretTypedIntoClientId_IsAuditedOnlyAsAKeyedHashOfAnUnknownClient()
    {
        var secret = "CANARY" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(40));

        using var posted = await TokenRequests.PostAsync(fixture.Client.Http, secret, "whatever-secret-value");
        using var basic = await TokenRequests.BasicAsync(fixture.Client.Http, secret, "whatever-secret-value");

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, basic.StatusCode);
        var auditor = await fixture.Client.TokenAsync("gd-audit-office");
        var events = await fixture.Client.GraphQLAsync(auditor, "{ auditEvents(first: 100) { nodes { kind agency decision detail } } }");
        var refused = events.Data.GetProperty("auditEvents").GetProperty("nodes").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "token-refused")
            .Select(e => e.GetProperty("detail").GetString()!)
            .Where(detail => !detail.Contains("sz-market-regulation", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(2, refused.Count);
        Assert.All(refused, detail => Assert.Matches("claimed client id 'unknown:[0-9a-f]{8}'", detail));
        Assert.Equal(refused[0], refused[1]);
        // Not the value, nor any part of it long enough to matter.
        var stored = AuditFiles();
        Assert.DoesNotContain(secret[..12], events.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[..12], stored, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[^12..], stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_WrongSecretForARegisteredClient_IsAuditedNamingTheClient()
    {
        using var response = await TokenRequests.PostAsync(fixture.Client.Http, "sz-market-regulation", "not-the-secret");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var auditor = await fixture.Client.TokenAsync("gd-audit-office");
        var events = await fixture.Client.GraphQLAsync(auditor, "{ auditEvents(first: 100) { nodes { kind detail } } }");
        Assert.Contains(events.Data.GetProperty("auditEvents").GetProperty("nodes").EnumerateArray(), e =>
            e.GetProperty("kind").GetString() == "token-refused"
            && e.GetProperty("detail").GetString()!.Contains("claimed client id 'sz-market-regulation'", StringComparison.Ordinal));
    }

    private string AuditFiles()
    {
        var text = new StringBuilder();
        var path = Path.Combine(fixture.Scenario.DataDirectory, "audit.db");
        foreach (var file in new[] { path, path + "-wal" })
        {
            if (File.Exists(file))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                text.Append(Encoding.UTF8.GetString(memory.ToArray()));
            }
        }

        return text.ToString();
    }
}
