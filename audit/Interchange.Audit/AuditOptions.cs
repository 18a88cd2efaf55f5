using System.ComponentModel.DataAnnotations;

namespace Interchange.Audit;

/// <summary>Where the audit log lives and how its writer batches.</summary>
public sealed class AuditOptions
{
    /// <summary>The SQLite file; its directory is created if missing.</summary>
    [Required]
    public string DatabasePath { get; set; } = "";

    /// <summary>Most records committed in one transaction.</summary>
    [Range(1, 1_000_000)]
    public int MaxBatch { get; set; } = 1024;

    /// <summary>Most records queued for the writer; appends wait when it is full.</summary>
    [Range(1, 10_000_000)]
    public int Capacity { get; set; } = 65536;

    /// <summary>
    /// How long a write waits for a lock held by another connection before the batch fails.
    /// Whole seconds: the SQLite client's retry timeout has one-second granularity.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
