namespace Interchange.Policies.Loading;

/// <summary>A list as read from YAML, before the checks that span several keys; values keep their positions.</summary>
internal sealed class ListDraft
{
    public required string File { get; init; }

    public Position Start { get; set; } = new(1, 1);

    public string? DepartmentId { get; set; }

    public Position DepartmentIdAt { get; set; }

    public string? DepartmentName { get; set; }

    public string? Region { get; set; }

    public string? Office { get; set; }

    public string? Contact { get; set; }

    public string? Version { get; set; }

    public DateOnly? EffectiveFrom { get; set; }

    public List<EntryDraft> Entries { get; } = [];

    public PolicyProblem Problem(Position at, string reason) => new(File, at.Line, at.Column, reason);
}
