using System.Net;
using System.Security.Cryptography;
using System.Text;
using Interchange.Gateway.Tests.Support;
using Microsoft.IdentityModel.Tokens;

namespace Interchange.Gateway.Tests.Tokens;

/// <summary>
/// RFC 7515: a token is one exact string. Headers marked critical name extensions the gateway does not understand, and
/// base64url that is not canonical (padding, stray low bits) would let one signed token be written many ways.
/// </summary>
public sealed class TokenEncodingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Path = "data/business-licenses/records?limit=1";
    private const string Purpose = "business-verification";

    [Fact]
    public async Task Proxy_TokenSignedByHandWithCanonicalEncoding_IsAccepted()
    {
        // The control case for the hand-made tokens below.
        var token = Sign(Header(), Payload());

        var response = await fixture.Client.ReadAsync(token, Path, Purpose);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Proxy_TokenWithCritHeader_Returns401NamingCrit()
    {
        var token = fixture.Forge.Create(extraHeaders: new Dictionary<string, object>
        {
            ["crit"] = new[] { "urn:example:must-understand" },
            ["urn:example:must-understand"] = true,
        });

        var response = await fixture.Client.ReadAsync(token, Path, Purpose);

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("crit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string> NonCanonical() =>
    [
        "signature-padded",
        "signature-stray-bits",
        "header-padded",
        "payload-padded",
        "payload-stray-bits",
        "payload-standard-alphabet",
    ];

    [Theory]
    [MemberData(nameof(NonCanonical))]
    public async Task Proxy_TokenWithNonCanonicalBase64Url_Returns401(string variant)
    {
        var token = variant switch
        {
            "signature-padded" => Canonical() + "==",
            "signature-stray-bits" => WithStrayBits(Canonical()),
            "header-padded" => Sign(Pad(Header()), Payload()),
            "payload-padded" => Sign(Header(), Pad(Payload())),
            "payload-stray-bits" => Sign(Header(), WithStrayBits(Payload())),
            "payload-standard-alphabet" => Sign(Header(), Payload().Replace('-', '+').Replace('_', '/')),
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
        };

        var response = await fixture.Client.ReadAsync(token, Path, Purpose);

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("base64url", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private string Canonical() => Sign(Header(), Payload());

    private string Header() =>
        Base64UrlEncoder.Encode($$"""{"alg":"RS256","kid":"{{fixture.Forge.SigningKey().KeyId}}","typ":"at+jwt"}""");

    /// <summary>A payload whose encoding has stray low bits to set (length not a multiple of 4) and both '-' and '_' in it.</summary>
    private string Payload()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        for (var filler = ""; ; filler += "~")
        {
            var json = $$"""{"iss":"{{fixture.Host.Options.PublicUrl.AbsoluteUri}}","sub":"sz-civil-affairs","client_id":"sz-civil-affairs","aud":"interchange","region":"440300","role":"consumer","scope":"catalog data","iat":{{now - 1}},"nbf":{{now - 1}},"exp":{{now + 600}},"jti":"{{Guid.NewGuid()}}","note":"??>>{{filler}}"}""";
            var encoded = Base64UrlEncoder.Encode(json);
            if (encoded.Length % 4 != 0 && encoded.Contains('-', StringComparison.Ordinal) && encoded.Contains('_', StringComparison.Ordinal))
            {
                return encoded;
            }
        }
    }

    private string Sign(string header, string payload)
    {
        using var key = fixture.Forge.SigningKey().Rsa;
        var signature = key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + Base64UrlEncoder.Encode(signature);
    }

    private static string Pad(string part) => part + new string('=', (4 - part.Length % 4) % 4);

    /// <summary>Sets the unused low bits of the last character: the same bytes to a lenient decoder, another string.</summary>
    private static string WithStrayBits(string encoded)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        Assert.NotEqual(0, encoded.Length % 4);
        var last = alphabet.IndexOf(encoded[^1], StringComparison.Ordinal);
        return encoded[..^1] + alphabet[last | 1];
    }
}
