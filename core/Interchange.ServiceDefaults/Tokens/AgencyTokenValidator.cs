using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Interchange.Core.Agencies;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Interchange.ServiceDefaults.Tokens;

/// <summary>
/// Validates agency access tokens locally (RFC 9068 / RFC 8725): signature by a key of the identity
/// server's JWKS, <c>typ: at+jwt</c>, RS256 only, issuer, audience, lifetime; no key-carrying headers, no
/// <c>crit</c> header, canonical base64url only (<see cref="CompactEncoding"/>); never a token of a disabled client
/// (<see cref="DisabledClients"/>), checked on every call, cached or not.
/// Tokens that validated are remembered by their SHA-256 until they expire, so the hot path checks a
/// signature once per token.
/// </summary>
public sealed class AgencyTokenValidator
{
    private static readonly string[] ForbiddenHeaders = ["jku", "x5u", "jwk", "x5c"];
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<TokenHash, AgencyPrincipal> _validated = new();
    private readonly SigningKeyCache _keys;
    private readonly DisabledClients _disabled;
    private readonly AgencyTokenOptions _options;
    private readonly TimeProvider _time;
    private readonly TokenValidationParameters _parameters;

    public AgencyTokenValidator(SigningKeyCache keys, DisabledClients disabled, IOptions<AgencyTokenOptions> options, TimeProvider time)
    {
        _keys = keys;
        _disabled = disabled;
        _options = options.Value;
        _time = time;
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer!.AbsoluteUri,
            ValidAudience = _options.Audience,
            ValidTypes = ["at+jwt"],
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = _options.ClockSkew,
            IssuerSigningKeyResolver = (_, _, kid, _) => _keys.Keys.Where(k => kid is null || k.KeyId == kid),
            LifetimeValidator = ValidateLifetime,
        };
    }

    /// <summary>Checks the value of an <c>Authorization</c> header (only <c>Bearer</c> is accepted).</summary>
    public ValueTask<TokenCheck> ValidateHeaderAsync(string? authorization, CancellationToken cancellationToken)
    {
        const string bearer = "Bearer ";
        if (string.IsNullOrEmpty(authorization))
        {
            return ValueTask.FromResult(TokenCheck.Fail("No bearer token was sent."));
        }

        if (!authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) || authorization.Length <= bearer.Length)
        {
            return ValueTask.FromResult(TokenCheck.Fail("The Authorization header is not a bearer token."));
        }

        return ValidateAsync(authorization.AsSpan(bearer.Length).Trim().ToString(), cancellationToken);
    }

    public ValueTask<TokenCheck> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var hash = TokenHash.Of(token);
        if (_validated.TryGetValue(hash, out var cached))
        {
            if (cached.ExpiresAt > _time.GetUtcNow() - _options.ClockSkew)
            {
                return ValueTask.FromResult(_disabled.Contains(cached.AgencyId) ? Disabled() : new TokenCheck(cached, null));
            }

            _validated.TryRemove(hash, out _);
            return ValueTask.FromResult(TokenCheck.Fail("The token has expired."));
        }

        return new ValueTask<TokenCheck>(ValidateUncachedAsync(token, hash, cancellationToken));
    }

    private async Task<TokenCheck> ValidateUncachedAsync(string token, TokenHash hash, CancellationToken cancellationToken)
    {
        if (token.Length > 8192)
        {
            return TokenCheck.Fail("The token is too large.");
        }

        if (!CompactEncoding.IsCanonical(token))
        {
            return TokenCheck.Fail("The token is not three parts of unpadded, canonical base64url (RFC 7515).");
        }

        JsonWebToken parsed;
        try
        {
            parsed = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return TokenCheck.Fail("The token is not a well-formed JWT.");
        }

        foreach (var header in ForbiddenHeaders)
        {
            if (parsed.TryGetHeaderValue<object>(header, out _))
            {
                return TokenCheck.Fail($"Tokens carrying a '{header}' header are not accepted.");
            }
        }

        // RFC 7515 §4.1.11: extensions listed in crit must be understood, and this validator understands none.
        if (parsed.TryGetHeaderValue<object>("crit", out _))
        {
            return TokenCheck.Fail("Tokens with a 'crit' header are not accepted: no header extension is understood here.");
        }

        if (!_keys.Contains(parsed.Kid))
        {
            await _keys.RefreshAsync(cancellationToken);
        }

        var result = await _handler.ValidateTokenAsync(parsed, _parameters);
        if (!result.IsValid)
        {
            return TokenCheck.Fail(Describe(result.Exception));
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (!jwt.TryGetPayloadValue<string>(AgencyClaims.Subject, out var subject) || string.IsNullOrEmpty(subject))
        {
            return TokenCheck.Fail("The token names no subject.");
        }

        if (_disabled.Contains(subject))
        {
            return Disabled();
        }

        jwt.TryGetPayloadValue<string>(AgencyClaims.Region, out var region);
        var principal = new AgencyPrincipal(
            subject,
            region ?? "",
            ReadSet(jwt, AgencyClaims.Role, ' '),
            ReadSet(jwt, AgencyClaims.Scope, ' '),
            new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));

        if (_validated.Count >= _options.ValidatedTokenCacheSize)
        {
            // A simple bound: expired and live entries alike go; live tokens are re-validated on next use.
            _validated.Clear();
        }

        _validated[hash] = principal;
        return new TokenCheck(principal, null);
    }

    private static TokenCheck Disabled() =>
        TokenCheck.Fail("Client disabled: the client this token was issued to is disabled, and its tokens are no longer accepted.");

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is null || expires.Value.ToUniversalTime() < now - parameters.ClockSkew)
        {
            return false;
        }

        return notBefore is null || notBefore.Value.ToUniversalTime() <= now + parameters.ClockSkew;
    }

    private static HashSet<string> ReadSet(JsonWebToken jwt, string claim, char separator)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in jwt.Claims)
        {
            if (c.Type == claim)
            {
                foreach (var part in c.Value.Split(separator, StringSplitOptions.RemoveEmptyEntries))
                {
                    set.Add(part);
                }
            }
        }

        return set;
    }

    private static string Describe(Exception? e) => e switch
    {
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenInvalidLifetimeException => "The token is expired or not yet valid.",
        SecurityTokenNotYetValidException => "The token is not yet valid.",
        SecurityTokenInvalidIssuerException => "The token was issued by an unknown issuer.",
        SecurityTokenInvalidAudienceException => "The token is not meant for the interchange.",
        SecurityTokenInvalidTypeException => "The token is not an access token (typ must be at+jwt).",
        SecurityTokenInvalidAlgorithmException => "The token's signing algorithm is not accepted.",
        SecurityTokenSignatureKeyNotFoundException => "The token is signed by an unknown key.",
        SecurityTokenInvalidSignatureException => "The token's signature is invalid.",
        _ => "The token is invalid.",
    };

    /// <summary>SHA-256 of a token as four machine words: a cache key that neither holds the token nor allocates.</summary>
    private readonly record struct TokenHash(ulong A, ulong B, ulong C, ulong D)
    {
        public static TokenHash Of(string token)
        {
            var max = Encoding.UTF8.GetMaxByteCount(token.Length);
            var rented = max <= 4096 ? null : ArrayPool<byte>.Shared.Rent(max);
            Span<byte> bytes = rented ?? stackalloc byte[4096];
            try
            {
                var length = Encoding.UTF8.GetBytes(token, bytes);
                Span<byte> hash = stackalloc byte[32];
                SHA256.HashData(bytes[..length], hash);
                var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(hash);
                return new TokenHash(words[0], words[1], words[2], words[3]);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
    }
}
