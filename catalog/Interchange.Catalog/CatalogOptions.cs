using System.ComponentModel.DataAnnotations;

namespace Interchange.Catalog;

/// <summary>Settings of the catalogue service (section <c>Catalog</c>).</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>SQLite file of the catalogue store (agencies and datasets); unused when <c>Storage:Provider</c> is Postgres.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>SQLite file of the audit log, read for auditors' queries; unused when <c>Storage:Provider</c> is Postgres.</summary>
    public string AuditDatabasePath { get; set; } = "";

    /// <summary>The per-deployment key of the audit log's subject hashes; the gateway's file (<c>Gateway:SubjectKeyPath</c>).</summary>
    [Required]
    public string SubjectKeyPath { get; set; } = "";

    /// <summary>The gateway's address: GraphQL <c>records</c> reads data through it with the caller's token.</summary>
    [Required]
    public Uri? GatewayUrl { get; set; }

    /// <summary>How often grants that reached their end are put on the audit record.</summary>
    public TimeSpan ExpiryScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether a registrar may register a source on a loopback address, to try a source on their own machine.
    /// Development only: refused at start elsewhere, and announced with a warning where it is on.
    /// </summary>
    public bool AllowLoopbackSources { get; set; }

    /// <summary>Folder of the responsibility lists (YAML).</summary>
    [Required]
    public string ListsDirectory { get; set; } = "";

    /// <summary>Scenario seed applied at start (agencies and dataset registrations); optional.</summary>
    public string? SeedFile { get; set; }

    /// <summary>Replaces <c>{sources}</c> in the seed's source URLs (where the demo sources run).</summary>
    public Uri? SeedSourcesBaseUrl { get; set; }

    /// <summary>
    /// Whether introspection (<c>__schema</c>, <c>__type</c>) is answered and validation errors suggest names
    /// ("Did you mean …"); unset means only in Development, so a deployment does not hand its schema to every caller.
    /// </summary>
    public bool? AllowIntrospection { get; set; }

    [Range(1, 30)]
    public int MaxDepth { get; set; } = 10;

    [Range(10, 100_000)]
    public int MaxComplexity { get; set; } = 5_000;

    /// <summary>Upper bound of <c>first</c> on every connection.</summary>
    [Range(1, 1000)]
    public int MaxPageSize { get; set; } = 100;

    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many <c>records</c> reads one document may make. Each read costs a share of <see cref="MaxComplexity"/>
    /// such that one more than this exceeds it, so the document is refused before any read.
    /// </summary>
    [Range(1, 100)]
    public int MaxDataReadsPerDocument { get; set; } = 10;

    /// <summary>The complexity one <c>records</c> field costs (see <see cref="MaxDataReadsPerDocument"/>).</summary>
    public double RecordsComplexity => MaxComplexity / (MaxDataReadsPerDocument + 0.5);

    public bool IntrospectionAllowed(bool isDevelopment) => AllowIntrospection ?? isDevelopment;
}
