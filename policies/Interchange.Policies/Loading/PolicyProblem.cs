namespace Interchange.Policies.Loading;

/// <summary>One thing wrong with a responsibility list, at the position an editor can jump to (1-based; 0 when a whole file or directory is meant).</summary>
public sealed record PolicyProblem(string File, int Line, int Column, string Reason)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Reason}";
}
