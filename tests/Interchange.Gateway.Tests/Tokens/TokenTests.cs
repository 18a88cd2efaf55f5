using System.Net;
using System.Security.Cryptography;
using System.Text;
using Interchange.Gateway.Tests.Support;
using Interchange.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Interchange.Gateway.Tests.Tokens;

/// <summary>docs/security.md, cases 7-9: forged, stale and misdirected tokens get 401 at the data plane, audited as anonymous.</summary>
public sealed class TokenTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Path = "data/business-licenses/records?limit=1";
    private const string Purpose = "business-verification";

    [Fact]
    public async Task Proxy_TokenForgedWithTheRealKeyAndDefaults_IsAccepted()
    {
        // The control case: without it, the refusals below could come from a broken forge.
        var response = await fixture.Client.ReadAsync(fixture.Forge.Create(), Path, Purpose);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string> Forgeries() =>
    [
        "alg-none",
        "empty-signature",
        "changed-payload",
        "hs256-with-public-key",
        "jku-header",
        "x5u-header",
        "jwk-header",
        "expired",
        "not-yet-valid",
        "wrong-issuer",
        "wrong-audience",
        "typ-jwt",
        "other-key-same-kid",
        "garbage",
        "basic-scheme",
    ];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Proxy_BadToken_Returns401UnauthenticatedAndAuditsAnonymous(string forgery)
    {
        var token = Forge(forgery);

        var response = await fixture.Client.ReadAsync(null, Path, Purpose, customise: r =>
            r.Headers.TryAddWithoutValidation("Authorization", forgery == "basic-scheme" ? token : "Bearer " + token));

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await Expect.AuditedRefusalAsync(fixture, response, "anonymous", "business-licenses", "unauthenticated");
    }

    [Fact]
    public async Task Proxy_NoToken_Returns401AndAuditsAnonymous()
    {
        var response = await fixture.Client.ReadAsync(null, Path, Purpose);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        await Expect.AuditedRefusalAsync(fixture, response, "anonymous", "business-licenses", "unauthenticated");
    }

    [Fact]
    public async Task Proxy_ValidTokenInTheQueryString_IsNotAccepted()
    {
        var token = await fixture.ConsumerTokenAsync();

        var response = await fixture.Client.ReadAsync(null, Path + "&access_token=" + Uri.EscapeDataString(token), Purpose);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        var record = await Expect.AuditedRefusalAsync(fixture, response, "anonymous", "business-licenses", "unauthenticated");
        Assert.DoesNotContain(token, record.Detail ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_ValidTokenInAFormBody_IsNotAccepted()
    {
        var token = await fixture.ConsumerTokenAsync();

        var response = await fixture.Client.ReadAsync(null, "data/business-licenses/records", Purpose, customise: r =>
        {
            r.Method = HttpMethod.Post;
            r.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["access_token"] = token });
        });

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        await Expect.AuditedRefusalAsync(fixture, response, "anonymous", "business-licenses", "unauthenticated");
    }

    [Fact]
    public async Task Proxy_BadTokenOnUnknownDataset_Returns401NotUnknownDataset()
    {
        var response = await fixture.Client.ReadAsync(TokenForge.WithoutSignature(), "data/no-such-dataset/records", Purpose);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        await Expect.AuditedRefusalAsync(fixture, response, "anonymous", "no-such-dataset", "unauthenticated");
    }

    private string Forge(string forgery)
    {
        var forge = fixture.Forge;
        var now = DateTime.UtcNow;
        switch (forgery)
        {
            case "alg-none":
                return TokenForge.WithoutSignature();
            case "empty-signature":
                var signed = forge.Create();
                return signed[..(signed.LastIndexOf('.') + 1)];
            case "changed-payload":
                var parts = forge.Create(subject: "sz-civil-affairs").Split('.');
                var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
                var changed = payload.Replace("sz-civil-affairs", "sz-public-security", StringComparison.Ordinal);
                Assert.NotEqual(payload, changed);
                return parts[0] + "." + Base64UrlEncoder.Encode(changed) + "." + parts[2];
            case "hs256-with-public-key":
                var real = forge.SigningKey();
                var publicBytes = Encoding.ASCII.GetBytes(real.Rsa.ExportSubjectPublicKeyInfoPem());
                return forge.Create(key: new SymmetricSecurityKey(publicBytes) { KeyId = real.KeyId }, algorithm: SecurityAlgorithms.HmacSha256);
            case "jku-header":
                return forge.Create(extraHeaders: new Dictionary<string, object> { ["jku"] = "http://attacker.example/jwks" });
            case "x5u-header":
                return forge.Create(extraHeaders: new Dictionary<string, object> { ["x5u"] = "http://attacker.example/cert.pem" });
            case "jwk-header":
                var attacker = RSA.Create(2048).ExportParameters(false);
                return forge.Create(extraHeaders: new Dictionary<string, object>
                {
                    ["jwk"] = new Dictionary<string, object> { ["kty"] = "RSA", ["n"] = Base64UrlEncoder.Encode(attacker.Modulus), ["e"] = Base64UrlEncoder.Encode(attacker.Exponent) },
                });
            case "expired":
                return forge.Create(notBefore: now.AddMinutes(-30), expires: now.AddMinutes(-10));
            case "not-yet-valid":
                return forge.Create(notBefore: now.AddMinutes(10), expires: now.AddMinutes(20));
            case "wrong-issuer":
                return forge.Create(issuerOverride: "http://attacker.example/");
            case "wrong-audience":
                return forge.Create(audience: "some-other-api");
            case "typ-jwt":
                return forge.Create(type: "JWT");
            case "other-key-same-kid":
                return forge.Create(key: new RsaSecurityKey(RSA.Create(2048)) { KeyId = forge.SigningKey().KeyId });
            case "garbage":
                return "not-a-jwt";
            case "basic-scheme":
                return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("sz-civil-affairs:sz-civil-affairs-secret"));
            default:
                throw new ArgumentOutOfRangeException(nameof(forgery), forgery, null);
        }
    }
}
