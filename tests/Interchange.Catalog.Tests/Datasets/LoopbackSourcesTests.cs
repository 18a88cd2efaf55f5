using Interchange.Gateway;
using Interchange.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Interchange.Catalog.Tests.Datasets;

/// <summary>
/// A registrar trying a source on their own machine: <c>Catalog:AllowLoopbackSources</c> lets loopback sources be
/// registered in Development; every other refusal of docs/security.md case 18 stays, and the switch stops any other
/// environment from starting.
/// </summary>
public sealed class LoopbackSourcesTests(LoopbackSourcesTests.Fixture fixture) : IClassFixture<LoopbackSourcesTests.Fixture>
{
    private const string Mutation = """
        mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }
        """;

    public sealed class Fixture : InterchangeFixture
    {
        protected override void Configure(WebApplicationBuilder builder) =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Catalog:AllowLoopbackSources"] = "true" });
    }

    [Theory]
    [InlineData("try-loopback-v4", "http://127.0.0.1:9000/records")]
    [InlineData("try-loopback-name", "http://localhost:9001/records")]
    [InlineData("try-loopback-v6", "http://[::1]:9002/records")]
    public async Task RegisterDataset_LoopbackSourceWithTheSwitchInDevelopment_IsRegistered(string id, string url)
    {
        var provider = await fixture.Client.TokenAsync("sz-market-regulation");

        var result = await fixture.Client.GraphQLAsync(provider, Mutation, new { input = Input(id, url) });

        Assert.Equal(id, GraphQLAssert.Ok(result).GetProperty("registerDataset").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("try-metadata", "http://169.254.169.254/latest/meta-data")]
    [InlineData("try-unspecified", "http://0.0.0.0/records")]
    [InlineData("try-file", "file:///etc/passwd")]
    public async Task RegisterDataset_OtherForbiddenSourcesWithTheSwitch_AreStillRefused(string id, string url)
    {
        var provider = await fixture.Client.TokenAsync("sz-market-regulation");

        var result = await fixture.Client.GraphQLAsync(provider, Mutation, new { input = Input(id, url) });

        GraphQLAssert.Refused(result, "BAD_USER_INPUT");
    }

    [Fact]
    public async Task Catalog_SwitchOutsideDevelopment_RefusesToStartNamingTheSetting()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => CatalogApplication.BuildAsync(["--environment=Production"], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Catalog:AllowLoopbackSources"] = "true",
                ["Catalog:SubjectKeyPath"] = "unused.key",
                ["Catalog:GatewayUrl"] = "http://127.0.0.1:1/",
                ["Catalog:ListsDirectory"] = "unused",
            })));

        Assert.Contains("Catalog:AllowLoopbackSources", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Production", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gateway_SwitchOutsideDevelopment_RefusesToStartNamingTheSetting()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => GatewayApplication.Build(["--environment=Production"], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gateway:AllowLoopbackSources"] = "true",
                ["Gateway:IdentityUrl"] = "http://127.0.0.1:1/",
                ["Gateway:CatalogUrl"] = "http://127.0.0.1:2/",
                ["Gateway:ListsDirectory"] = "unused",
                ["Gateway:PseudonymKeyPath"] = "unused.key",
                ["Gateway:CheckpointKeyPath"] = "unused.key",
                ["Gateway:SubjectKeyPath"] = "unused.key",
            })));

        Assert.Contains("Gateway:AllowLoopbackSources", refused.Message, StringComparison.Ordinal);
    }

    private static object Input(string id, string url) => new { id, title = "Tried on a registrar's machine", region = "440300", sourceUrl = url };
}
