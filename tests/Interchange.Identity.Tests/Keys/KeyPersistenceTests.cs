using System.Net;
using Interchange.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Interchange.Identity.Tests.Keys;

/// <summary>Keys live in the data folder, so a restart neither changes them nor invalidates issued tokens.</summary>
public sealed class KeyPersistenceTests(InterchangeFixture fixture) : IClassFixture<InterchangeFixture>
{
    [Fact]
    public async Task Restart_SameDataDirectory_TokensIssuedBeforeStillReadData()
    {
        var token = await fixture.Client.TokenAsync("sz-civil-affairs");
        var kidBefore = TokenRequests.Header(token).GetProperty("kid").GetString();
        using (var before = await fixture.Client.ReadAsync(token, "data/business-licenses/records?limit=1", purpose: "business-verification"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await fixture.RestartAsync();

        using var after = await fixture.Client.ReadAsync(token, "data/business-licenses/records?limit=1", purpose: "business-verification");
        using var jwksResponse = await fixture.Client.Http.GetAsync(".well-known/jwks");
        var jwks = new JsonWebKeySet(await jwksResponse.Content.ReadAsStringAsync());
        var newToken = await fixture.Client.TokenAsync("sz-civil-affairs");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains(jwks.Keys, k => k.Kid == kidBefore);
        Assert.Equal(kidBefore, TokenRequests.Header(newToken).GetProperty("kid").GetString());
    }
}
