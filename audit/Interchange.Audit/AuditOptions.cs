using System.ComponentModel.DataAnnotations;
using Interchange.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace Interchange.Audit;

/// <summary>Where the audit log lives and how its writer batches.</summary>
public sealed class AuditOptions : IValidatableObject
{
    /// <summary>
    /// The audit log as a store of <c>Storage:Provider</c>: its connection string is <c>ConnectionStrings:Audit</c>,
    /// else <c>ConnectionStrings:Interchange</c>; on PostgreSQL its tables are in the schema <c>audit</c>.
    /// </summary>
    internal static readonly StoreDefinition Store = new("Audit", "audit", SqliteMigrationsAssembly: "", PostgresMigrationsAssembly: "");

    /// <summary><see cref="StorageProvider.Sqlite"/> (the default: <see cref="DatabasePath"/>) or <see cref="StorageProvider.Postgres"/> (<see cref="ConnectionString"/>).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The SQLite file; its directory is created if missing. Unused on PostgreSQL.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>The Npgsql connection string of the PostgreSQL database holding the log. Unused on SQLite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Most records committed in one transaction.</summary>
    [Range(1, 1_000_000)]
    public int MaxBatch { get; set; } = 1024;

    /// <summary>Most records queued for the writer; appends wait when it is full.</summary>
    [Range(1, 10_000_000)]
    public int Capacity { get; set; } = 65536;

    /// <summary>
    /// Most records whose subjects one run of the subject indexer adds to the index (one transaction). The writer
    /// runs it when this many records are past the index's end, or when it has been idle for
    /// <see cref="SubjectIndexDelay"/> with any. Larger runs write each page of the index fewer times; on SQLite a
    /// run holds the write lock, so appends wait for it (about 5 µs per subject).
    /// </summary>
    [Range(1, 100_000)]
    public int SubjectIndexRun { get; set; } = 256;

    /// <summary>How long the writer waits, idle, before it indexes the subjects of fewer than <see cref="SubjectIndexRun"/> records.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SubjectIndexDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a write waits for a lock held by another connection (SQLite's write lock, PostgreSQL's append
    /// lock) before the batch fails. Whole seconds: the SQLite client's retry timeout has one-second granularity.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether <c>Storage:Provider</c> puts the stores, the audit log among them, on PostgreSQL. A service whose
    /// SQLite audit file is optional (the identity server's) audits whenever the log is on the server.
    /// </summary>
    public static bool UsesPostgres(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}"];
        return Enum.TryParse<StorageProvider>(value?.Trim(), ignoreCase: true, out var provider) && provider == StorageProvider.Postgres;
    }

    /// <summary>
    /// Puts the log where the service's other stores are, by the same rules (<see cref="StoreConnection.Resolve"/>):
    /// <c>Storage:Provider</c> <c>Sqlite</c> (default) uses <paramref name="sqlitePath"/>; <c>Postgres</c> uses
    /// <c>ConnectionStrings:Audit</c>, else <c>ConnectionStrings:Interchange</c>.
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An unknown provider, or PostgreSQL without a usable connection string.</exception>
    public void UseStorage(IConfiguration configuration, string? sqlitePath)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connection = StoreConnection.Resolve(configuration, Store, sqlitePath);
        Provider = connection.Provider;
        if (Provider == StorageProvider.Postgres)
        {
            ConnectionString = connection.ConnectionString;
        }
        else
        {
            DatabasePath = sqlitePath!;
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        switch (Provider)
        {
            case StorageProvider.Sqlite when string.IsNullOrWhiteSpace(DatabasePath):
                yield return new ValidationResult("The audit log is on SQLite but its file (DatabasePath) is not set.", [nameof(DatabasePath)]);
                break;
            case StorageProvider.Postgres when string.IsNullOrWhiteSpace(ConnectionString):
                yield return new ValidationResult(
                    "The audit log is on PostgreSQL but has no connection string (ConnectionStrings:Audit or ConnectionStrings:Interchange).",
                    [nameof(ConnectionString)]);
                break;
            case StorageProvider.Sqlite or StorageProvider.Postgres:
                break;
            default:
                yield return new ValidationResult($"The audit log's provider '{Provider}' is neither Sqlite nor Postgres.", [nameof(Provider)]);
                break;
        }
    }
}
