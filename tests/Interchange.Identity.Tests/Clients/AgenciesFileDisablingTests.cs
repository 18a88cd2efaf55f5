using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Interchange.Identity.Tests.Clients;

/// <summary>An agency taken out of the registrar's agencies file is disabled at the next start, and enabled when listed again.</summary>
public sealed class AgenciesFileDisablingTests : IDisposable
{
    private const string Both = """
        { "agencies": [
          { "id": "sz-civil-affairs", "name": "Shenzhen Civil Affairs Bureau", "region": "440300", "roles": ["consumer"] },
          { "id": "gd-audit-office", "name": "Guangdong Provincial Audit Office", "region": "440000", "roles": ["auditor"] } ] }
        """;

    private const string AuditOfficeOnly = """
        { "agencies": [
          { "id": "gd-audit-office", "name": "Guangdong Provincial Audit Office", "region": "440000", "roles": ["auditor"] } ] }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("interchange-disabling-").FullName;

    private string Secrets => Path.Combine(_directory, "secrets");

    private string AgenciesFile => Path.Combine(_directory, "agencies.json");

    public AgenciesFileDisablingTests()
    {
        var keys = Path.Combine(_directory, "keys");
        Directory.CreateDirectory(keys);
        Directory.CreateDirectory(Secrets);
        foreach (var name in new[] { "signing", "encryption" })
        {
            using var rsa = RSA.Create(2048);
            File.WriteAllText(Path.Combine(keys, name + ".pem"), rsa.ExportPkcs8PrivateKeyPem());
        }

        File.WriteAllBytes(Path.Combine(keys, "client-id.key"), RandomNumberGenerator.GetBytes(32));
    }

    [Fact]
    public async Task AgencyRemovedFromTheFile_IsDisabledAndListedAtNextStart_AndEnabledWhenListedAgain()
    {
        var secret = WriteSecret("sz-civil-affairs");
        var auditSecret = WriteSecret("gd-audit-office");
        File.WriteAllText(AgenciesFile, Both);
        await using (var first = await StartAsync())
        {
            using var http = Client(first);
            Assert.Equal(HttpStatusCode.OK, (await TokenRequests.BasicAsync(http, "sz-civil-affairs", secret)).StatusCode);
            Assert.Empty(await DisabledAsync(http));
        }

        File.WriteAllText(AgenciesFile, AuditOfficeOnly);
        await using (var second = await StartAsync())
        {
            using var http = Client(second);
            using var refused = await TokenRequests.BasicAsync(http, "sz-civil-affairs", secret);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("invalid_client", (await TokenRequests.JsonAsync(refused)).GetProperty("error").GetString());
            Assert.Equal(HttpStatusCode.OK, (await TokenRequests.BasicAsync(http, "gd-audit-office", auditSecret)).StatusCode);
            Assert.Equal(["sz-civil-affairs"], await DisabledAsync(http));
        }

        File.WriteAllText(AgenciesFile, Both);
        await using (var third = await StartAsync())
        {
            using var http = Client(third);
            Assert.Equal(HttpStatusCode.OK, (await TokenRequests.BasicAsync(http, "sz-civil-affairs", secret)).StatusCode);
            Assert.Empty(await DisabledAsync(http));
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS.
        }
    }

    private static async Task<string[]> DisabledAsync(HttpClient http)
    {
        var json = JsonDocument.Parse(await http.GetStringAsync("clients/disabled")).RootElement;
        return [.. json.GetProperty("clients").EnumerateArray().Select(c => c.GetProperty("clientId").GetString()!)];
    }

    private string WriteSecret(string agency)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(Path.Combine(Secrets, agency), secret + "\n");
        return secret;
    }

    private async Task<WebApplication> StartAsync()
    {
        var app = await Interchange.Identity.IdentityApplication.BuildAsync(["--environment=Production", "--urls=http://127.0.0.1:0"], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Identity:Issuer"] = "https://interchange.example.gov.cn/",
                ["Identity:DatabasePath"] = Path.Combine(_directory, "identity.db"),
                ["Identity:KeysDirectory"] = Path.Combine(_directory, "keys"),
                ["Identity:AgenciesFile"] = AgenciesFile,
                ["Identity:ClientSecretsDirectory"] = Secrets,
            }));
        await app.StartAsync();
        return app;
    }

    /// <summary>Production refuses plain HTTP; the test speaks as the TLS-terminating proxy on loopback does.</summary>
    private static HttpClient Client(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        return http;
    }
}
