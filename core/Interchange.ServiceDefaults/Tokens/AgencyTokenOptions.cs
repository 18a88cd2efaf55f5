using System.ComponentModel.DataAnnotations;
using Interchange.Core.Agencies;

namespace Interchange.ServiceDefaults.Tokens;

/// <summary>How a resource server (gateway, catalogue) checks agency access tokens locally.</summary>
public sealed class AgencyTokenOptions
{
    public const string Section = "Interchange:Tokens";

    /// <summary>The issuer the identity server signs as (the public front-door URL, e.g. <c>http://localhost:8080/</c>).</summary>
    [Required]
    public Uri? Issuer { get; set; }

    /// <summary>Where the signing keys are fetched from (the identity server's JWKS document, usually over an internal address).</summary>
    [Required]
    public Uri? JwksUrl { get; set; }

    [Required]
    public string Audience { get; set; } = InterchangeScopes.Audience;

    /// <summary>Clock skew tolerated on <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an unknown key id may trigger a JWKS refresh.</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Validated tokens kept in memory (by SHA-256 of the token) until they expire.</summary>
    public int ValidatedTokenCacheSize { get; set; } = 10_000;
}
