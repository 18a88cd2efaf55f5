using System.ComponentModel.DataAnnotations;

namespace Interchange.Identity;

/// <summary>Settings of the identity server (section <c>Identity</c>).</summary>
public sealed class IdentityServerOptions
{
    public const string Section = "Identity";

    /// <summary>The issuer: the public front-door URL agencies reach the interchange at.</summary>
    [Required]
    public Uri? Issuer { get; set; }

    /// <summary>SQLite file holding clients and agencies.</summary>
    [Required]
    public string DatabasePath { get; set; } = "";

    /// <summary>Folder with <c>signing.pem</c> and <c>encryption.pem</c> (RSA, PKCS#8 PEM).</summary>
    [Required]
    public string KeysDirectory { get; set; } = "";

    /// <summary>Scenario seed whose agencies become clients with the demo secrets <c>&lt;id&gt;-secret</c>. Development only.</summary>
    public string? DemoSeedFile { get; set; }

    [Range(typeof(TimeSpan), "00:01:00", "00:15:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
