using Interchange.Gateway.Caching;
using Interchange.Gateway.DataPlane;
using Interchange.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Interchange.Gateway.Tests.Redis;

/// <summary>
/// One more gateway beside the interchange's own: its own <see cref="WebApplication"/> on the same catalogue store,
/// audit log and keys, configured as the standalone host configures its gateway. Its lists folder holds links to the
/// interchange's list files: it reads the same lists, but an edit made through the interchange's folder raises no
/// file event in its own (as on a network mount), so only a notice from another instance makes it reload.
/// </summary>
public sealed class GatewayInstance : IAsyncDisposable
{
    private GatewayInstance(WebApplication app, Uri url, string listsDirectory)
    {
        App = app;
        Url = url;
        ListsDirectory = listsDirectory;
        Client = new InterchangeClient(url);
    }

    public WebApplication App { get; }

    public Uri Url { get; }

    public string ListsDirectory { get; }

    public InterchangeClient Client { get; }

    internal GrantLookup Grants => App.Services.GetRequiredService<GrantLookup>();

    internal GrantCache? Cache => App.Services.GetService<GrantCache>();

    public static async Task<GatewayInstance> StartAsync(InterchangeFixture fixture, string name, Action<WebApplicationBuilder> configure,
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var host = fixture.Host;
        var data = fixture.Scenario.DataDirectory;
        var lists = Path.Combine(fixture.Scenario.Directory, "lists-" + name);
        Directory.CreateDirectory(lists);
        foreach (var file in Directory.GetFiles(fixture.Scenario.ListsDirectory))
        {
            File.CreateSymbolicLink(Path.Combine(lists, Path.GetFileName(file)), file);
        }

        var settings = new Dictionary<string, string?>
        {
            ["Interchange:Tokens:Issuer"] = host.Options.PublicUrl.AbsoluteUri,
            ["Interchange:Tokens:JwksUrl"] = new Uri(host.IdentityUrl, ".well-known/jwks").AbsoluteUri,
            ["Gateway:IdentityUrl"] = host.IdentityUrl.AbsoluteUri,
            ["Gateway:CatalogUrl"] = host.CatalogUrl.AbsoluteUri,
            ["Gateway:CatalogDatabasePath"] = Path.Combine(data, "catalog.db"),
            ["Gateway:AuditDatabasePath"] = Path.Combine(data, "audit.db"),
            ["Gateway:ListsDirectory"] = lists,
            ["Gateway:PseudonymKeyPath"] = Path.Combine(data, "keys", "pseudonym.key"),
            ["Gateway:CheckpointKeyPath"] = Path.Combine(data, "keys", "checkpoint.key"),
            ["Gateway:SubjectKeyPath"] = Path.Combine(data, "keys", "subject.key"),
            ["Gateway:CheckpointOrigin"] = host.Options.PublicUrl.Authority + "/audit",
            ["Gateway:AllowLoopbackSources"] = "true",
        };
        var app = GatewayApplication.Build(["--urls=http://127.0.0.1:0", "--environment=Development"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            configure(builder);
            if (overrides is not null)
            {
                builder.Configuration.AddInMemoryCollection(overrides);
            }
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayInstance(app, new Uri(address.EndsWith('/') ? address : address + "/"), lists);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(timeout.Token);
        await App.DisposeAsync();
    }
}
