using Interchange.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Interchange.Benchmarks;

/// <summary>
/// The real identity server (<see cref="IdentityApplication"/>) in process on a loopback port, in a temporary folder,
/// seeded with the demo agencies: what the token benchmarks issue from and validate against.
/// </summary>
internal sealed class IdentityServerFixture : IAsyncDisposable
{
    public const string Issuer = "http://127.0.0.1:8080/";
    public const string ClientId = "sz-civil-affairs";

    private readonly WebApplication _app;
    private readonly string _directory;

    private IdentityServerFixture(WebApplication app, string directory, Uri address)
    {
        _app = app;
        _directory = directory;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public Uri JwksUrl => new(Address, ".well-known/jwks");

    public static async Task<IdentityServerFixture> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("interchange-bench-identity-").FullName;
        var app = await IdentityApplication.BuildAsync(
            ["--urls=http://127.0.0.1:0", "--environment=Development", $"--contentRoot={directory}"],
            builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Identity:Issuer"] = Issuer,
                ["Identity:DatabasePath"] = Path.Combine(directory, "identity.db"),
                ["Identity:KeysDirectory"] = Path.Combine(directory, "keys"),
                ["Identity:DemoSeedFile"] = Path.Combine(AppContext.BaseDirectory, "seed", "demo-scenario.json"),
                // Framework and service logs would only add noise (and cost) to the measurement.
                ["Serilog:MinimumLevel:Default"] = "Warning",
            }));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new IdentityServerFixture(app, directory, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>One client-credentials token request, as an agency sends it; returns the access token.</summary>
    public async Task<string> IssueAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Address, "connect/token"))
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{ClientId}:{ClientId}-secret")));
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return json.RootElement.GetProperty("access_token").GetString()
            ?? throw new InvalidOperationException("The token response has no access_token.");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
