using Microsoft.AspNetCore.Builder;
using Interchange.Standalone;

namespace Interchange.Testing;

/// <summary>
/// The whole interchange running in process on real Kestrel ports (gateway, identity, catalogue, demo
/// sources), on a private copy of the demo scenario. Shared by the tests of a class.
/// </summary>
public class InterchangeFixture : IAsyncLifetime
{
    public TestScenario Scenario { get; } = new();

    public InterchangeHost Host { get; private set; } = null!;

    public InterchangeClient Client { get; private set; } = null!;

    public Uri GatewayUrl => Host.GatewayUrl;

    /// <summary>Forges tokens with the deployment's own signing key, for the token attack cases.</summary>
    public TokenForge Forge => new(Path.Combine(Scenario.DataDirectory, "keys", "signing.pem"), Host.Options.PublicUrl);

    /// <summary>Extends the scenario before start (extra agencies, datasets, lists).</summary>
    protected virtual Task ArrangeAsync(TestScenario scenario) => Task.CompletedTask;

    /// <summary>Extra configuration of every service.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public async Task InitializeAsync()
    {
        await ArrangeAsync(Scenario);
        Host = await InterchangeHost.StartAsync(Scenario.Options(Configure));
        Client = new InterchangeClient(Host.GatewayUrl);
    }

    public async Task RestartAsync()
    {
        var options = Host.Options;
        await Host.DisposeAsync();
        Host = await InterchangeHost.StartAsync(options);
        Client.Dispose();
        Client = new InterchangeClient(Host.GatewayUrl);
    }

    public virtual async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        Scenario.Dispose();
    }
}
