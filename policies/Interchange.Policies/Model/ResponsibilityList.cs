namespace Interchange.Policies.Model;

/// <summary>One providing department's data-sharing responsibility list (数据共享责任清单), as loaded from one file.</summary>
public sealed class ResponsibilityList
{
    public required Department Department { get; init; }

    /// <summary>Named by every decision the list makes (<see cref="ListEntry.RuleId"/>).</summary>
    public required string Version { get; init; }

    public DateOnly? EffectiveFrom { get; init; }

    public required IReadOnlyList<ListEntry> Entries { get; init; }

    /// <summary>The file the list was loaded from, so problems and audits can point at it.</summary>
    public string SourcePath { get; init; } = "";
}
