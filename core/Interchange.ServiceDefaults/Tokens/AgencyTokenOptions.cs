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

    /// <summary>
    /// Where the disabled clients are read (identity's <c>/clients/disabled</c>); beside <see cref="JwksUrl"/> when not set.
    /// </summary>
    public Uri? DisabledClientsUrl { get; set; }

    /// <summary>How often the disabled clients are read: the longest a disabled client's tokens still work without Redis.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan DisabledClientsRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><see cref="DisabledClientsUrl"/>, or its default.</summary>
    public Uri DisabledClientsAddress => DisabledClientsUrl ?? new Uri(JwksUrl!, ClientRevocations.DefaultPath);

    /// <summary>Validated tokens kept in memory (by SHA-256 of the token) until they expire.</summary>
    public int ValidatedTokenCacheSize { get; set; } = 10_000;
}
