using Interchange.ServiceDefaults.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Interchange.Gateway.Tests.Tokens;

/// <summary>The disabled clients as a resource server reads them: the last list known stays when identity cannot answer.</summary>
public sealed class DisabledClientsRefresherTests
{
    [Fact]
    public async Task Refresh_IdentityGoneOrAnsweringNonsense_KeepsTheListLastKnown()
    {
        var answer = """{"clients":[{"clientId":"sz-civil-affairs","disabledAt":"2026-12-06T10:00:00+00:00"}]}""";
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        var identity = builder.Build();
        identity.MapGet("/clients/disabled", () => Results.Text(answer, "application/json"));
        await identity.StartAsync();
        var address = new Uri(identity.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var disabled = new DisabledClients();
        using var http = new HttpClient();
        var options = Options.Create(new AgencyTokenOptions { Issuer = address, JwksUrl = new Uri(address, ".well-known/jwks") });
        using var refresher = new DisabledClientsRefresher(http, disabled, options, new ServiceCollection().BuildServiceProvider(),
            NullLogger<DisabledClientsRefresher>.Instance);

        Assert.True(await refresher.RefreshAsync(CancellationToken.None));
        Assert.True(disabled.Contains("sz-civil-affairs"));

        answer = """{"clients":"nonsense"}""";
        Assert.False(await refresher.RefreshAsync(CancellationToken.None));
        Assert.True(disabled.Contains("sz-civil-affairs"));

        await identity.StopAsync();
        await identity.DisposeAsync();
        Assert.False(await refresher.RefreshAsync(CancellationToken.None));
        Assert.True(disabled.Contains("sz-civil-affairs"));
        Assert.False(disabled.Contains("sz-public-security"));
    }
}
