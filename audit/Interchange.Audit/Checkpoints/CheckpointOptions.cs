using System.ComponentModel.DataAnnotations;

namespace Interchange.Audit.Checkpoints;

/// <summary>The log's signing key and the name its checkpoints carry.</summary>
public sealed class CheckpointOptions
{
    /// <summary>File holding the 32-byte Ed25519 private key seed (mode 600).</summary>
    [Required]
    public string KeyPath { get; set; } = "";

    /// <summary>
    /// The checkpoint origin, also the key name, e.g. <c>interchange.example/audit</c>: non-empty,
    /// with no whitespace and no <c>+</c> (signed-note key names).
    /// </summary>
    [Required]
    [RegularExpression(@"^[^\s+]+$", ErrorMessage = "The origin must be non-empty and hold no whitespace and no '+'.")]
    public string Origin { get; set; } = "";

    /// <summary>
    /// Whether a missing key may be generated. Only for development: elsewhere a missing key
    /// stops start-up, since a new key silently replaces the one auditors trust.
    /// </summary>
    public bool MayGenerate { get; set; }
}
