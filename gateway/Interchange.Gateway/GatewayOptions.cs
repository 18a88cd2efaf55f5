using System.ComponentModel.DataAnnotations;

namespace Interchange.Gateway;

/// <summary>Settings of the gateway (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The identity server's internal address; <c>/.well-known/*</c> and <c>/connect/*</c> go there.</summary>
    [Required]
    public Uri? IdentityUrl { get; set; }

    /// <summary>The catalogue's internal address; <c>/graphql</c> goes there.</summary>
    [Required]
    public Uri? CatalogUrl { get; set; }

    /// <summary>SQLite file of the catalogue store, read for the dataset routes (unused when <c>Storage:Provider</c> is Postgres).</summary>
    public string CatalogDatabasePath { get; set; } = "";

    /// <summary>SQLite file of the audit log the gateway appends to (unused when <c>Storage:Provider</c> is Postgres).</summary>
    public string AuditDatabasePath { get; set; } = "";

    /// <summary>Folder of the responsibility lists (YAML).</summary>
    [Required]
    public string ListsDirectory { get; set; } = "";

    /// <summary>File with the per-deployment key (32+ random bytes) used to pseudonymise fields.</summary>
    [Required]
    public string PseudonymKeyPath { get; set; } = "";

    /// <summary>File with the audit log's Ed25519 checkpoint signing key (32-byte seed).</summary>
    [Required]
    public string CheckpointKeyPath { get; set; } = "";

    /// <summary>The per-deployment key of the audit log's subject hashes (32 bytes, mode 600); the catalogue uses the same file.</summary>
    /// <summary>
    /// Networks (CIDR) of the load balancers in front of the gateway, whose <c>X-Forwarded-For</c> names the agency's
    /// address (passed on to identity and the sources). Loopback is not trusted unless listed (e.g. <c>127.0.0.1/32</c>
    /// for a TLS terminator on the same host): the gateway is the front door.
    /// </summary>
    public string[] ForwardedNetworks { get; set; } = [];

    [Required]
    public string SubjectKeyPath { get; set; } = "";

    /// <summary>
    /// Answers of datasets with a subject field are masked into memory, so that the audit record can name every subject
    /// before anything is released; a larger answer is withheld (502).
    /// </summary>
    [Range(1024, int.MaxValue)]
    public int MaxPersonalResponseBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The log's origin line in checkpoints, also the signing key's name.</summary>
    [Required]
    public string CheckpointOrigin { get; set; } = "interchange.local/audit";

    /// <summary>How often the dataset routes are rebuilt from the catalogue.</summary>
    public TimeSpan RouteRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether sources may be on loopback addresses: only for the demo sources of a one-machine development host.</summary>
    public bool AllowLoopbackSources { get; set; }

    /// <summary>The window in which a source's failures are counted: half of at least 10 requests failing takes it out.</summary>
    public TimeSpan SourceFailureWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a source that kept failing is left alone before it is tried again (at least <see cref="SourceFailureWindow"/>).</summary>
    public TimeSpan SourceReactivationPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A source that sends nothing for this long is answered with 504.</summary>
    public TimeSpan SourceTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
