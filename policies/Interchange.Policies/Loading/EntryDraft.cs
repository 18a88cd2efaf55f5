using Interchange.Core.Datasets;
using Interchange.Policies.Model;

namespace Interchange.Policies.Loading;

/// <summary>One entry as read from YAML; <c>null</c> marks a value that was missing or invalid (already reported).</summary>
internal sealed class EntryDraft
{
    public Position Start { get; init; }

    /// <summary>How problems name the entry: its dataset id, or its index when that is missing.</summary>
    public required string Name { get; set; }

    public string? Dataset { get; set; }

    public Position DatasetAt { get; set; }

    public string? Title { get; set; }

    public Classification? Classification { get; set; }

    public Position ClassificationAt { get; set; }

    public SharingType? Sharing { get; set; }

    public Position SharingAt { get; set; }

    public string? LegalBasis { get; set; }

    public bool Personal { get; set; }

    public string? Subject { get; set; }

    public Position SubjectAt { get; set; }

    public ConsumerSet? Consumers { get; set; }

    /// <summary>Purposes with the position of each code; <c>null</c> when the key is absent.</summary>
    public List<(string Code, string Description, Position At)>? Purposes { get; set; }

    /// <summary><c>null</c> when the key is absent.</summary>
    public List<FieldDraft>? Fields { get; set; }

    public int ReplyDeadlineDays { get; set; } = 5;

    public string? UpdateFrequency { get; set; }

    public EntryLimits Limits { get; set; } = EntryLimits.None;

    /// <summary>The methods the entry lets through, in list order; <c>null</c> when the key is absent (reads only).</summary>
    public List<string>? Methods { get; set; }

    public DateOnly? EffectiveFrom { get; set; }

    public DateTimeOffset? ValidUntil { get; set; }

    public Position ValidUntilAt { get; set; }
}
