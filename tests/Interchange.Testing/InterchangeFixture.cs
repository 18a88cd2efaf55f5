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
        Host = await StartOnAFreePortAsync();
        Client = new InterchangeClient(Host.GatewayUrl);
    }

    /// <summary>
    /// The public port is chosen before the host binds it (the issuer URL must be known first), so another process's
    /// connection can take it in between when test projects run in parallel; the host is then started again on another.
    /// </summary>
    private async Task<InterchangeHost> StartOnAFreePortAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await InterchangeHost.StartAsync(Scenario.Options(Configure));
            }
            catch (IOException e) when (attempt < 3 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // The partly started host has been disposed; the data folder is reused as after a restart.
            }
        }
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
