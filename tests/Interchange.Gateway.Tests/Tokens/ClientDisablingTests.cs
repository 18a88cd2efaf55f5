using System.Diagnostics;
using System.Net;
using Interchange.Gateway.Tests.Support;
using Interchange.Identity.Clients;
using Interchange.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Interchange.Gateway.Tests.Tokens;

/// <summary>Revocation means now: a disabled client's tokens stop at the gateway and the catalogue, and it gets no new one.</summary>
public sealed class ClientDisablingTests(ClientDisablingTests.QuickRefreshFixture fixture) : IClassFixture<ClientDisablingTests.QuickRefreshFixture>
{
    private const string Client = "sz-civil-affairs";
    private const string Path = "data/business-licenses/records?limit=1";
    private const string Purpose = "business-verification";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DisableClient_ItsIssuedTokenGets401AtDataAndGraphQL_AndItGetsNoNewToken_UntilEnabledAgain()
    {
        var token = await fixture.Client.TokenAsync(Client);
        using (var before = await fixture.Client.ReadAsync(token, Path, Purpose))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GraphQLAsync(token, "{ __typename }")).Status);

        Assert.Equal(0, await RunAsync(ClientCommand.Disable));

        var refused = await EventuallyAsync(async () =>
        {
            var response = await fixture.Client.ReadAsync(token, Path, Purpose);
            return response.StatusCode == HttpStatusCode.Unauthorized ? response : null;
        });
        var problem = await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.StartsWith("Client disabled", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await EventuallyAsync(async () => (await fixture.Client.GraphQLAsync(token, "{ __typename }")).Status == HttpStatusCode.Unauthorized ? "" : null);
        var newToken = await EventuallyAsync(async () =>
        {
            var response = await fixture.Client.TokenResponseAsync(Client, Client + "-secret");
            return response.StatusCode == HttpStatusCode.BadRequest ? response : null;
        });
        Assert.Equal("invalid_client", (await InterchangeClient.JsonAsync(newToken)).GetProperty("error").GetString());
        // Other agencies go on as before.
        using (var other = await fixture.Client.ReadAsync(await fixture.Client.TokenAsync("sz-public-security"), Path, Purpose))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        Assert.Equal(0, await RunAsync(ClientCommand.Enable));

        var again = await EventuallyAsync(async () =>
        {
            var response = await fixture.Client.TokenResponseAsync(Client, Client + "-secret");
            return response.StatusCode == HttpStatusCode.OK ? response : null;
        });
        var fresh = (await InterchangeClient.JsonAsync(again)).GetProperty("access_token").GetString();
        await EventuallyAsync(async () => (await fixture.Client.ReadAsync(fresh, Path, Purpose)).StatusCode == HttpStatusCode.OK ? "" : null);
    }

    [Fact]
    public async Task DisableClient_UnknownClient_ExitsWithOne()
    {
        Assert.Equal(1, await ClientCommand.RunAsync([ClientCommand.Disable, "no-such-agency", .. StoreArguments()]));
    }

    private Task<int> RunAsync(string command) => ClientCommand.RunAsync([command, Client, .. StoreArguments()]);

    private string[] StoreArguments() =>
        [$"--Identity:DatabasePath={System.IO.Path.Combine(fixture.Scenario.DataDirectory, "identity.db")}", "--environment=Development"];

    /// <summary>Polls until <paramref name="attempt"/> gives a value, within <see cref="Deadline"/>.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> attempt) where T : class
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (await attempt() is { } value)
            {
                return value;
            }

            Assert.True(started.Elapsed < Deadline, $"not within {Deadline}");
            await Task.Delay(100);
        }
    }

    /// <summary>The demo with the disabled clients read every 500 ms.</summary>
    public sealed class QuickRefreshFixture : InterchangeFixture
    {
        protected override void Configure(WebApplicationBuilder builder) =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Interchange:Tokens:DisabledClientsRefreshInterval"] = "00:00:00.500",
                ["Identity:DisabledClientsRefreshInterval"] = "00:00:00.500",
            });
    }
}
