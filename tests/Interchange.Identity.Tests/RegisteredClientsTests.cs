using System.Net;
using System.Security.Cryptography;
using Interchange.Identity.Clients;
using Interchange.Identity.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Interchange.Identity.Tests;

/// <summary>Production clients: the registrar's agencies file and one mounted secret file per agency.</summary>
public sealed class RegisteredClientsTests : IDisposable
{
    private const string Agencies = """
        { "agencies": [
          { "id": "sz-civil-affairs", "name": "Shenzhen Civil Affairs Bureau", "region": "440300", "roles": ["consumer"] },
          { "id": "gd-audit-office", "name": "Guangdong Provincial Audit Office", "region": "440000", "roles": ["auditor"] } ] }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("interchange-clients-").FullName;

    private string Secrets => Path.Combine(_directory, "secrets");

    private string AgenciesFile => Path.Combine(_directory, "agencies.json");

    public RegisteredClientsTests()
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

        File.WriteAllText(AgenciesFile, Agencies);
    }

    [Fact]
    public async Task Production_AgencyWithMountedSecret_GetsATokenWithItsScopes_AndTheDemoSecretIsRefused()
    {
        var secret = WriteSecret("sz-civil-affairs");
        WriteSecret("gd-audit-office");
        await using var app = await StartAsync();
        using var http = Client(app);

        var granted = await TokenRequests.BasicAsync(http, "sz-civil-affairs", secret);
        var demo = await TokenRequests.BasicAsync(http, "sz-civil-affairs", "sz-civil-affairs-secret");

        Assert.True(granted.StatusCode == HttpStatusCode.OK, await granted.Content.ReadAsStringAsync());
        var token = await TokenRequests.AccessTokenAsync(granted);
        Assert.Equal("440300", TokenRequests.Payload(token).GetProperty("region").GetString());
        Assert.Equal(["consumer"], TokenRequests.Roles(token));
        Assert.Equal(HttpStatusCode.BadRequest, demo.StatusCode);
    }

    [Fact]
    public async Task SecretFileReplaced_IsInForceAfterRestart_AndTheOldOneIsRefused()
    {
        var first = WriteSecret("sz-civil-affairs");
        WriteSecret("gd-audit-office");
        await (await StartAsync()).DisposeAsync();
        var second = WriteSecret("sz-civil-affairs");

        await using var app = await StartAsync();
        using var http = Client(app);

        Assert.Equal(HttpStatusCode.BadRequest, (await TokenRequests.BasicAsync(http, "sz-civil-affairs", first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenRequests.BasicAsync(http, "sz-civil-affairs", second)).StatusCode);
    }

    [Fact]
    public async Task SecretFileReplacedAndApplied_OnTheRunningServer_TheOldSecretIsRefusedAtOnce()
    {
        var first = WriteSecret("sz-civil-affairs");
        WriteSecret("gd-audit-office");
        await using var app = await StartAsync();
        using var http = Client(app);
        Assert.Equal(HttpStatusCode.OK, (await TokenRequests.BasicAsync(http, "sz-civil-affairs", first)).StatusCode);

        var second = WriteSecret("sz-civil-affairs");
        await app.InitializeIdentityAsync();

        Assert.Equal(HttpStatusCode.BadRequest, (await TokenRequests.BasicAsync(http, "sz-civil-affairs", first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenRequests.BasicAsync(http, "sz-civil-affairs", second)).StatusCode);
    }

    [Fact]
    public async Task SecretRotatedByAnotherInstanceOnTheSameStore_IsInForceHereOnceTheClientCacheLifetimeHasPassed()
    {
        var first = WriteSecret("sz-civil-affairs");
        WriteSecret("gd-audit-office");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var here = await StartAsync(time);
        using var http = Client(here);
        Assert.Equal(HttpStatusCode.OK, (await TokenRequests.BasicAsync(http, "sz-civil-affairs", first)).StatusCode);

        var second = WriteSecret("sz-civil-affairs");
        await (await StartAsync()).DisposeAsync();
        time.Advance(new IdentityServerOptions().ClientCacheLifetime);

        Assert.Equal(HttpStatusCode.BadRequest, (await TokenRequests.BasicAsync(http, "sz-civil-affairs", first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenRequests.BasicAsync(http, "sz-civil-affairs", second)).StatusCode);
    }

    [Fact]
    public async Task WrongSecret_AfterTheRightOneWasAccepted_IsRefusedEveryTime_AndThrottlingThenRefusesEitherSecret()
    {
        var secret = WriteSecret("sz-civil-affairs");
        WriteSecret("gd-audit-office");
        await using var app = await StartAsync();
        using var http = Client(app);
        Assert.Equal(HttpStatusCode.OK, (await TokenRequests.BasicAsync(http, "sz-civil-affairs", secret)).StatusCode);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < new IdentityServerOptions().MaxClientFailures; i++)
        {
            answers.Add((await TokenRequests.BasicAsync(http, "sz-civil-affairs", secret[..^1] + "#")).StatusCode);
        }

        var rightWhileThrottled = await TokenRequests.BasicAsync(http, "sz-civil-affairs", secret);
        var wrongWhileThrottled = await TokenRequests.BasicAsync(http, "sz-civil-affairs", secret[..^1] + "#");
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.BadRequest, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, rightWhileThrottled.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, wrongWhileThrottled.StatusCode);
    }

    [Fact]
    public async Task Tokens_LeaveNoEntriesInTheIdentityStore()
    {
        var secret = WriteSecret("sz-civil-affairs");
        WriteSecret("gd-audit-office");
        await using var app = await StartAsync();
        using var http = Client(app);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await TokenRequests.BasicAsync(http, "sz-civil-affairs", secret)).StatusCode);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        Assert.Equal(0, await db.Set<OpenIddictEntityFrameworkCoreToken>().CountAsync());
    }

    [Fact]
    public async Task FindByClientId_OnceCached_GivesEachCallerItsOwnCopyOfEveryStoredField()
    {
        var secret = WriteSecret("sz-civil-affairs");
        WriteSecret("gd-audit-office");
        await using var app = await StartAsync();
        using var http = Client(app);
        Assert.Equal(HttpStatusCode.OK, (await TokenRequests.BasicAsync(http, "sz-civil-affairs", secret)).StatusCode);

        var first = await FindApplicationAsync(app);
        var second = await FindApplicationAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Set<OpenIddictEntityFrameworkCoreApplication>()
            .AsNoTracking().SingleAsync(a => a.ClientId == "sz-civil-affairs");

        Assert.NotSame(first, second);
        foreach (var property in typeof(OpenIddictEntityFrameworkCoreApplication).GetProperties().Where(p => p.CanWrite))
        {
            Assert.Equal(property.GetValue(stored), property.GetValue(first));
        }
    }

    [Fact]
    public async Task MissingSecret_StopsStartNamingTheFile()
    {
        WriteSecret("sz-civil-affairs");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(StartAsync);

        Assert.Contains(Path.Combine(Secrets, "gd-audit-office"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShortSecret_StopsStart()
    {
        WriteSecret("sz-civil-affairs");
        File.WriteAllText(Path.Combine(Secrets, "gd-audit-office"), "password123\n");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(StartAsync);

        Assert.Contains("gd-audit-office", error.Message, StringComparison.Ordinal);
        Assert.Contains("32 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedAgency_StopsStartSayingWhy()
    {
        File.WriteAllText(AgenciesFile, """{ "agencies": [ { "id": "Bad Id", "name": "x", "region": "440300", "roles": ["consumer"] } ] }""");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(StartAsync);

        Assert.Contains("'Bad Id' is not an agency id", error.Message, StringComparison.Ordinal);
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

    private static async Task<OpenIddictEntityFrameworkCoreApplication> FindApplicationAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        return (OpenIddictEntityFrameworkCoreApplication)(await applications.FindByClientIdAsync("sz-civil-affairs"))!;
    }

    private string WriteSecret(string agency)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(Path.Combine(Secrets, agency), secret + "\n");
        return secret;
    }

    private Task<WebApplication> StartAsync() => StartAsync(time: null);

    /// <summary>An instance on the shared store; <paramref name="time"/> replaces its clock when given.</summary>
    private async Task<WebApplication> StartAsync(TimeProvider? time)
    {
        var app = await IdentityApplication.BuildAsync(["--environment=Production", "--urls=http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Identity:Issuer"] = "https://interchange.example.gov.cn/",
                ["Identity:DatabasePath"] = Path.Combine(_directory, "identity.db"),
                ["Identity:KeysDirectory"] = Path.Combine(_directory, "keys"),
                ["Identity:AgenciesFile"] = AgenciesFile,
                ["Identity:ClientSecretsDirectory"] = Secrets,
            });
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }
        });
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
