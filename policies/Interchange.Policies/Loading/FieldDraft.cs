namespace Interchange.Policies.Loading;

/// <summary>One field of an entry as read from YAML.</summary>
internal sealed class FieldDraft
{
    public required string Name { get; init; }

    public Position At { get; init; }

    public string? Type { get; set; }

    public bool Personal { get; set; }

    public List<RuleDraft> Rules { get; } = [];
}
