using System.ComponentModel.DataAnnotations;

namespace Interchange.Gateway;

/// <summary>Settings of the gateway (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions : IValidatableObject
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

    /// <summary>
    /// Whether sources may be on loopback addresses: only for the demo sources of a one-machine development host.
    /// Refused at start outside Development, and announced with a warning where it is on.
    /// </summary>
    public bool AllowLoopbackSources { get; set; }

    /// <summary>The window in which a source's failures are counted: half of at least 10 requests failing takes it out.</summary>
    public TimeSpan SourceFailureWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a source that kept failing is left alone before it is tried again (at least <see cref="SourceFailureWindow"/>).</summary>
    public TimeSpan SourceReactivationPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A source that sends nothing for this long is answered with 504.</summary>
    public TimeSpan SourceTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Refusals put on record per client address (IPv4, or IPv6 /64) in one <see cref="RefusalWindow"/>; past it the
    /// address's refusals are answered 429 and one record says so, so that nobody can grow the audit log at will.
    /// Generous, because behind a load balancer that is not in <see cref="ForwardedNetworks"/> every agency has its address.
    /// </summary>
    [Range(1, 1_000_000)]
    public int RefusalsPerAddress { get; set; } = 600;

    /// <summary>The fixed window of <see cref="RefusalsPerAddress"/>.</summary>
    public TimeSpan RefusalWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many addresses are counted at once; addresses beyond it share one count.</summary>
    [Range(100, 10_000_000)]
    public int RefusalAddressesTracked { get; set; } = 100_000;

    /// <summary>
    /// The deployment's offset from UTC, whose midnight starts the day of an entry's <c>records_per_day</c>. China
    /// Standard Time (+08:00) keeps no daylight saving time, so a fixed offset is its time zone.
    /// </summary>
    public TimeSpan TimeZoneOffset { get; set; } = TimeSpan.FromHours(8);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RefusalWindow < TimeSpan.FromSeconds(1) || RefusalWindow > TimeSpan.FromHours(1) || RefusalWindow.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            yield return new ValidationResult("RefusalWindow must be whole seconds, from 1 second to 1 hour.", [nameof(RefusalWindow)]);
        }

        if (TimeZoneOffset < TimeSpan.FromHours(-14) || TimeZoneOffset > TimeSpan.FromHours(14) || TimeZoneOffset.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            yield return new ValidationResult("TimeZoneOffset must be whole minutes from -14:00 to +14:00 (e.g. 08:00:00).", [nameof(TimeZoneOffset)]);
        }
    }
}
