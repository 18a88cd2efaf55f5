using System.Net;
using System.Text.Json;
using Interchange.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Interchange.Identity.Tests.Tokens;

/// <summary>The token endpoint and discovery documents as agencies reach them through the gateway.</summary>
public sealed class TokenEndpointTests(InterchangeFixture fixture) : IClassFixture<InterchangeFixture>
{
    private HttpClient Http => fixture.Client.Http;

    private string Issuer => fixture.GatewayUrl.AbsoluteUri;

    [Fact]
    public async Task Token_ClientSecretBasic_IssuesBearerAccessToken()
    {
        using var response = await TokenRequests.BasicAsync(Http, "sz-civil-affairs", "sz-civil-affairs-secret");

        var json = await TokenRequests.JsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.Equal("sz-civil-affairs", TokenRequests.Payload(json.GetProperty("access_token").GetString()!).GetProperty("sub").GetString());
        Assert.InRange(json.GetProperty("expires_in").GetInt32(), 1, 900);
    }

    [Fact]
    public async Task Token_ClientSecretPost_IssuesBearerAccessToken()
    {
        using var response = await TokenRequests.PostAsync(Http, "gz-human-resources", "gz-human-resources-secret");

        var json = await TokenRequests.JsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.Equal("gz-human-resources", TokenRequests.Payload(json.GetProperty("access_token").GetString()!).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Token_Header_IsRs256AccessTokenJwtWithKeyIdFromJwks()
    {
        var token = await fixture.Client.TokenAsync("sz-civil-affairs");
        using var jwksResponse = await Http.GetAsync(".well-known/jwks");

        var header = TokenRequests.Header(token);
        var jwks = new JsonWebKeySet(await jwksResponse.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, jwksResponse.StatusCode);
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        var kid = header.GetProperty("kid").GetString();
        Assert.False(string.IsNullOrEmpty(kid));
        Assert.Contains(jwks.Keys, k => k.Kid == kid && k.Kty == "RSA");
        Assert.All(jwks.Keys, k => Assert.True(string.IsNullOrEmpty(k.D), "the JWKS must not publish a private key"));
    }

    [Fact]
    public async Task Token_Signature_VerifiesWithThePublishedKey()
    {
        var token = await fixture.Client.TokenAsync("sz-civil-affairs");
        using var jwksResponse = await Http.GetAsync(".well-known/jwks");
        var jwks = new JsonWebKeySet(await jwksResponse.Content.ReadAsStringAsync());

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = "interchange",
            ValidTypes = ["at+jwt"],
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });

        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    public async Task Token_Claims_NameTheAgencyIssuerAudienceAndRegion()
    {
        var token = await fixture.Client.TokenAsync("gz-human-resources");

        var payload = TokenRequests.Payload(token);
        Assert.Equal(Issuer, payload.GetProperty("iss").GetString());
        Assert.Equal("gz-human-resources", payload.GetProperty("sub").GetString());
        Assert.Equal("gz-human-resources", payload.GetProperty("client_id").GetString());
        Assert.Equal("440100", payload.GetProperty("region").GetString());
        var aud = payload.GetProperty("aud");
        string[] audiences = aud.ValueKind == JsonValueKind.Array ? [.. aud.EnumerateArray().Select(a => a.GetString()!)] : [aud.GetString()!];
        Assert.Equal(["interchange"], audiences);
        Assert.False(string.IsNullOrEmpty(payload.GetProperty("jti").GetString()));
    }

    [Fact]
    public async Task Token_Lifetime_IsAtMostFifteenMinutes()
    {
        var token = await fixture.Client.TokenAsync("sz-civil-affairs");

        var payload = TokenRequests.Payload(token);
        var lifetime = payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64();
        Assert.InRange(lifetime, 1, 900);
    }

    [Fact]
    public async Task Token_AgencyWithTwoRoles_CarriesBothRoles()
    {
        var token = await fixture.Client.TokenAsync("sz-public-security");

        Assert.Equal(["consumer", "provider"], TokenRequests.Roles(token));
    }

    [Fact]
    public async Task Token_ConsumerWithoutScopeRequested_GetsCatalogAndData()
    {
        var token = await fixture.Client.TokenAsync("sz-civil-affairs");

        Assert.Equal(["consumer"], TokenRequests.Roles(token));
        Assert.Equal(["catalog", "data"], TokenRequests.Scopes(token));
    }

    [Fact]
    public async Task Token_ProviderWithoutScopeRequested_AlsoGetsRegistry()
    {
        var token = await fixture.Client.TokenAsync("sz-market-regulation");

        Assert.Equal(["catalog", "data", "registry"], TokenRequests.Scopes(token));
    }

    [Fact]
    public async Task Token_AuditorWithoutScopeRequested_GetsCatalogAndAudit()
    {
        var token = await fixture.Client.TokenAsync("gd-audit-office");

        Assert.Equal(["auditor"], TokenRequests.Roles(token));
        Assert.Equal(["audit", "catalog"], TokenRequests.Scopes(token));
    }

    [Fact]
    public async Task Token_ScopeRequested_GetsOnlyThatScope()
    {
        var token = await fixture.Client.TokenAsync("sz-public-security", "data");

        Assert.Equal(["data"], TokenRequests.Scopes(token));
    }

    [Fact]
    public async Task Token_ScopeTheAgencyMayNotHave_IsRefusedWithoutToken()
    {
        using var response = await fixture.Client.TokenResponseAsync("sz-civil-affairs", "sz-civil-affairs-secret", "catalog audit");

        var json = await TokenRequests.JsonAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", json.GetProperty("error").GetString());
        Assert.False(json.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Token_UnknownScope_IsRefusedWithInvalidScope()
    {
        using var response = await fixture.Client.TokenResponseAsync("sz-civil-affairs", "sz-civil-affairs-secret", "catalog everything");

        var json = await TokenRequests.JsonAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_scope", json.GetProperty("error").GetString());
        Assert.False(json.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Token_UnknownClient_ReturnsInvalidClient()
    {
        using var response = await TokenRequests.BasicAsync(Http, "no-such-agency", "no-such-agency-secret");

        var json = await TokenRequests.JsonAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_client", json.GetProperty("error").GetString());
        Assert.False(json.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Token_UnknownClientAndWrongSecretWithBasic_GetByteIdenticalAnswers()
    {
        using var unknown = await TokenRequests.BasicAsync(Http, "no-such-agency", "sz-civil-affairs-secret");
        using var wrong = await TokenRequests.BasicAsync(Http, "sz-civil-affairs", "not-the-secret");

        await AssertSameInvalidClientAsync(unknown, wrong);
    }

    [Fact]
    public async Task Token_UnknownClientAndWrongSecretWithPost_GetByteIdenticalAnswers()
    {
        using var unknown = await TokenRequests.PostAsync(Http, "no-such-agency", "sz-civil-affairs-secret");
        using var wrong = await TokenRequests.PostAsync(Http, "sz-civil-affairs", "not-the-secret");

        await AssertSameInvalidClientAsync(unknown, wrong);
    }

    [Fact]
    public async Task Token_InvalidClientWithBasicAndWithPost_GetTheSameAnswer()
    {
        using var basic = await TokenRequests.BasicAsync(Http, "sz-civil-affairs", "not-the-secret");
        using var post = await TokenRequests.PostAsync(Http, "sz-civil-affairs", "not-the-secret");

        await AssertSameInvalidClientAsync(basic, post);
    }

    [Fact]
    public async Task Token_WrongSecretAfterTheRightOneWasAccepted_GetsTheSameAnswerAsAnUnknownClient()
    {
        using var accepted = await TokenRequests.BasicAsync(Http, "sz-market-regulation", "sz-market-regulation-secret");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        using var wrong = await TokenRequests.BasicAsync(Http, "sz-market-regulation", "sz-market-regulation-secreT");
        using var unknown = await TokenRequests.BasicAsync(Http, "no-such-agency", "sz-market-regulation-secret");
        using var acceptedAgain = await TokenRequests.BasicAsync(Http, "sz-market-regulation", "sz-market-regulation-secret");

        await AssertSameInvalidClientAsync(unknown, wrong);
        Assert.Equal(HttpStatusCode.OK, acceptedAgain.StatusCode);
    }

    [Fact]
    public async Task Token_RepeatedRequestsWithTheSameSecret_EachGetADistinctTokenThatReadsData()
    {
        var first = await fixture.Client.TokenAsync("sz-civil-affairs");
        var second = await fixture.Client.TokenAsync("sz-civil-affairs");

        Assert.NotEqual(TokenRequests.Payload(first).GetProperty("jti").GetString(), TokenRequests.Payload(second).GetProperty("jti").GetString());
        foreach (var token in new[] { first, second })
        {
            using var read = await fixture.Client.ReadAsync(token, "data/business-licenses/records?limit=1", purpose: "business-verification");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
    }

    [Theory]
    [InlineData("password")]
    [InlineData("authorization_code")]
    [InlineData("urn:ietf:params:oauth:grant-type:token-exchange")]
    public async Task Token_UnsupportedGrantType_IsRefused(string grantType)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = grantType, ["username"] = "x", ["password"] = "y", ["code"] = "z" };

        using var response = await TokenRequests.BasicAsync(Http, "sz-civil-affairs", "sz-civil-affairs-secret", form);

        var json = await TokenRequests.JsonAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", json.GetProperty("error").GetString());
        Assert.False(json.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Discovery_NamesIssuerTokenEndpointAndJwksOnThePublicUrl()
    {
        using var response = await Http.GetAsync(".well-known/openid-configuration");

        var json = await TokenRequests.JsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Issuer, json.GetProperty("issuer").GetString());
        Assert.Equal(Issuer + "connect/token", json.GetProperty("token_endpoint").GetString());
        Assert.Equal(Issuer + ".well-known/jwks", json.GetProperty("jwks_uri").GetString());
        Assert.Contains("client_credentials", json.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()));
    }

    [Fact]
    public async Task Discovery_JwksUri_ServesTheSigningKey()
    {
        using var discovery = await Http.GetAsync(".well-known/openid-configuration");
        var jwksUri = (await TokenRequests.JsonAsync(discovery)).GetProperty("jwks_uri").GetString()!;

        using var response = await Http.GetAsync(new Uri(jwksUri));

        var jwks = new JsonWebKeySet(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(jwks.Keys, k => k.Kid == fixture.Forge.SigningKey().KeyId);
    }

    private static async Task AssertSameInvalidClientAsync(HttpResponseMessage first, HttpResponseMessage second)
    {
        var firstBody = await first.Content.ReadAsByteArrayAsync();
        var secondBody = await second.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("invalid_client", JsonDocument.Parse(firstBody).RootElement.GetProperty("error").GetString());
        Assert.Equal(firstBody, secondBody);
        Assert.Equal(first.Headers.WwwAuthenticate.ToString(), second.Headers.WwwAuthenticate.ToString());
        Assert.Equal(first.Content.Headers.ContentType?.ToString(), second.Content.Headers.ContentType?.ToString());
    }
}
