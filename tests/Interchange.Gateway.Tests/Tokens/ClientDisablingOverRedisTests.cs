using System.Diagnostics;
using System.Net;
using Interchange.Identity.Clients;
using Interchange.Testing;
using Interchange.Testing.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Interchange.Gateway.Tests.Tokens;

/// <summary>
/// With Redis, disabling a client is announced: gateways and the catalogue read the list at once, long before their
/// next poll (five minutes here, so only the announcement can explain a prompt refusal).
/// </summary>
public sealed class ClientDisablingOverRedisTests(ClientDisablingOverRedisTests.SlowPollFixture fixture)
    : IClassFixture<ClientDisablingOverRedisTests.SlowPollFixture>
{
    private const string Client = "sz-civil-affairs";
    private const string Path = "data/business-licenses/records?limit=1";
    private const string Purpose = "business-verification";

    [RedisFact]
    public async Task DisableClient_WithRedis_ItsTokenGets401AtDataAndGraphQLAtOnce()
    {
        var token = await fixture.Client.TokenAsync(Client);
        using (var before = await fixture.Client.ReadAsync(token, Path, Purpose))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Assert.Equal(0, await ClientCommand.RunAsync([ClientCommand.Disable, Client, .. fixture.CommandArguments()]));

        var started = Stopwatch.StartNew();
        while ((await fixture.Client.ReadAsync(token, Path, Purpose)).StatusCode != HttpStatusCode.Unauthorized
            || (await fixture.Client.GraphQLAsync(token, "{ __typename }")).Status != HttpStatusCode.Unauthorized)
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), "the token still works 20 s after the client was disabled");
            await Task.Delay(100);
        }
    }

    /// <summary>The demo on the test Redis under a prefix of its own, polling the disabled clients every five minutes.</summary>
    public sealed class SlowPollFixture : InterchangeFixture
    {
        private readonly string _prefix = $"test-{Guid.NewGuid():N}:";

        public string[] CommandArguments() =>
        [
            $"--Identity:DatabasePath={System.IO.Path.Combine(Scenario.DataDirectory, "identity.db")}",
            "--environment=Development",
            $"--Redis:Configuration={TestServers.Redis}",
            $"--Redis:KeyPrefix={_prefix}",
        ];

        protected override void Configure(WebApplicationBuilder builder)
        {
            var settings = new Dictionary<string, string?> { ["Interchange:Tokens:DisabledClientsRefreshInterval"] = "00:05:00" };
            if (TestServers.Redis is { } redis)
            {
                settings["Redis:Configuration"] = redis;
                settings["Redis:KeyPrefix"] = _prefix;
            }

            builder.Configuration.AddInMemoryCollection(settings);
        }
    }
}
