namespace Interchange.Core.Datasets;

/// <summary>A data resource registered in the catalogue and served by a departmental source.</summary>
/// <remarks>
/// <see cref="SharingType"/> and <see cref="Classification"/> are copied from the provider's
/// responsibility list (the source of truth) so that the catalogue can filter on them.
/// </remarks>
public sealed class Dataset
{
    public required string Id { get; init; }

    public required string Title { get; set; }

    public string Description { get; set; } = "";

    public required string ProviderId { get; set; }

    /// <summary>GB/T 2260 region the data covers.</summary>
    public required string Region { get; set; }

    /// <summary>Base URL of the departmental source; the gateway forwards <c>/data/{id}/{path}</c> to <c>{SourceUrl}/{path}</c>.</summary>
    public required Uri SourceUrl { get; set; }

    public SharingType SharingType { get; set; } = SharingType.NotShared;

    public Classification Classification { get; set; } = Classification.General;

    public string? UpdateFrequency { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
