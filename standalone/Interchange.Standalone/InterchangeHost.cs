using Interchange.Catalog;
using Interchange.Gateway;
using Interchange.Identity;
using Interchange.Samples;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Interchange.Standalone;

/// <summary>
/// The whole interchange in one process: demo sources, identity, catalogue and gateway, each its own
/// <see cref="WebApplication"/> talking to the others over loopback HTTP exactly as in docker-compose.
/// Only the gateway listens on the public address.
/// </summary>
public sealed class InterchangeHost : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];

    private InterchangeHost(StandaloneOptions options) => Options = options;

    public StandaloneOptions Options { get; }

    public Uri GatewayUrl { get; private set; } = null!;

    public Uri IdentityUrl { get; private set; } = null!;

    public Uri CatalogUrl { get; private set; } = null!;

    public Uri SourcesUrl { get; private set; } = null!;

    public static async Task<InterchangeHost> StartAsync(StandaloneOptions options, CancellationToken cancellationToken = default)
    {
        var host = new InterchangeHost(options);
        try
        {
            await host.StartAllAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync(CancellationToken cancellationToken)
    {
        var data = Options.DataDirectory;
        Directory.CreateDirectory(data);
        var issuer = Options.PublicUrl.AbsoluteUri;
        const string loopback = "http://127.0.0.1:0";

        SourcesUrl = await StartAsync(DemoSources.Build(Args(loopback)), cancellationToken);
        Options.Progress?.Invoke($"demo sources … started on {SourcesUrl}");

        IdentityUrl = await StartAsync(await IdentityApplication.BuildAsync(Args(loopback), Configure(new()
        {
            ["Identity:Issuer"] = issuer,
            ["Identity:DatabasePath"] = Path.Combine(data, "identity.db"),
            ["Identity:KeysDirectory"] = Path.Combine(data, "keys"),
            ["Identity:DemoSeedFile"] = Options.SeedFile,
            ["Identity:AuditDatabasePath"] = Path.Combine(data, "audit.db"),
        })), cancellationToken);
        Options.Progress?.Invoke($"identity … started on {IdentityUrl}");

        var tokens = new Dictionary<string, string?>
        {
            ["Interchange:Tokens:Issuer"] = issuer,
            ["Interchange:Tokens:JwksUrl"] = new Uri(IdentityUrl, ".well-known/jwks").AbsoluteUri,
        };

        CatalogUrl = await StartAsync(await CatalogApplication.BuildAsync(Args(loopback), Configure(new(tokens)
        {
            ["Catalog:DatabasePath"] = Path.Combine(data, "catalog.db"),
            ["Catalog:AuditDatabasePath"] = Path.Combine(data, "audit.db"),
            ["Catalog:SubjectKeyPath"] = Path.Combine(data, "keys", "subject.key"),
            ["Catalog:ListsDirectory"] = Options.ListsDirectory,
            ["Catalog:SeedFile"] = Options.SeedFile,
            ["Catalog:SeedSourcesBaseUrl"] = SourcesUrl.AbsoluteUri,
            // GraphQL data reads go through the front door, like every other read.
            ["Catalog:GatewayUrl"] = GatewayAddress().AbsoluteUri,
        })), cancellationToken);
        Options.Progress?.Invoke($"catalogue … started on {CatalogUrl}");

        GatewayUrl = await StartAsync(GatewayApplication.Build(Args(Options.PublicUrl.GetLeftPart(UriPartial.Authority)), Configure(new(tokens)
        {
            ["Gateway:IdentityUrl"] = IdentityUrl.AbsoluteUri,
            ["Gateway:CatalogUrl"] = CatalogUrl.AbsoluteUri,
            ["Gateway:CatalogDatabasePath"] = Path.Combine(data, "catalog.db"),
            ["Gateway:AuditDatabasePath"] = Path.Combine(data, "audit.db"),
            ["Gateway:ListsDirectory"] = Options.ListsDirectory,
            ["Gateway:PseudonymKeyPath"] = Path.Combine(data, "keys", "pseudonym.key"),
            ["Gateway:CheckpointKeyPath"] = Path.Combine(data, "keys", "checkpoint.key"),
            ["Gateway:SubjectKeyPath"] = Path.Combine(data, "keys", "subject.key"),
            ["Gateway:CheckpointOrigin"] = Options.PublicUrl.Authority + "/audit",
            // The demo sources run on loopback beside everything else; only a development host allows that.
            ["Gateway:AllowLoopbackSources"] = Options.EnvironmentName == "Development" ? "true" : "false",
        })), cancellationToken);
        Options.Progress?.Invoke($"gateway … listening on {GatewayUrl}");
    }

    /// <summary>The gateway as the catalogue reaches it: the public address, with "localhost" pinned to IPv4 loopback.</summary>
    private Uri GatewayAddress()
    {
        var builder = new UriBuilder(Options.PublicUrl);
        if (builder.Host == "localhost")
        {
            builder.Host = "127.0.0.1";
        }

        return builder.Uri;
    }

    private string[] Args(string urls) => [$"--urls={urls}", $"--environment={Options.EnvironmentName}"];

    private Action<WebApplicationBuilder> Configure(Dictionary<string, string?> settings) => builder =>
    {
        builder.Configuration.AddInMemoryCollection(settings);
        Options.Configure?.Invoke(builder);
    };

    private async Task<Uri> StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        _apps.Add(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>Stops the services front door first, so in-flight requests finish and the audit log drains.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _apps.Count - 1; i >= 0; i--)
        {
            try
            {
                await _apps[i].StopAsync(TimeSpan.FromSeconds(10));
            }
            finally
            {
                await _apps[i].DisposeAsync();
            }
        }

        _apps.Clear();
    }
}

file static class WebApplicationExtensions
{
    public static Task StopAsync(this WebApplication app, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return app.StopAsync(cts.Token);
    }
}
