using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Interchange.Testing;

/// <summary>Builds access tokens the way an attacker or a misconfigured issuer would (RFC 8725 cases).</summary>
public sealed class TokenForge(string signingKeyPath, Uri issuer)
{
    public RsaSecurityKey SigningKey()
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(signingKeyPath));
        var parameters = rsa.ExportParameters(false);
        return new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(parameters.Modulus!).AsSpan(0, 12).ToArray()) };
    }

    /// <summary>A token signed with the real key; every claim and header can be overridden.</summary>
    public string Create(
        string subject = "sz-civil-affairs",
        string? audience = "interchange",
        string? issuerOverride = null,
        string type = "at+jwt",
        DateTime? expires = null,
        DateTime? notBefore = null,
        string scope = "catalog data",
        string role = "consumer",
        SecurityKey? key = null,
        string algorithm = SecurityAlgorithms.RsaSha256,
        IDictionary<string, object>? extraHeaders = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuerOverride ?? issuer.AbsoluteUri,
            Audience = audience,
            IssuedAt = (notBefore ?? now).AddSeconds(-1),
            NotBefore = notBefore ?? now.AddSeconds(-1),
            Expires = expires ?? now.AddMinutes(10),
            TokenType = type,
            SigningCredentials = new SigningCredentials(key ?? SigningKey(), algorithm),
            AdditionalHeaderClaims = extraHeaders,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = subject,
                ["client_id"] = subject,
                ["region"] = "440300",
                ["role"] = role,
                ["scope"] = scope,
                ["jti"] = Guid.NewGuid().ToString(),
            },
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>).</summary>
    public static string WithoutSignature(string subject = "sz-civil-affairs")
    {
        static string Part(string json) => Base64UrlEncoder.Encode(json);
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        return Part("""{"alg":"none","typ":"at+jwt"}""") + "." +
            Part($$"""{"iss":"x","sub":"{{subject}}","aud":"interchange","exp":{{exp}},"scope":"catalog data"}""") + ".";
    }
}
