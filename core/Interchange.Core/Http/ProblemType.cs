namespace Interchange.Core.Http;

/// <summary>An RFC 9457 problem type of the public contract, with its status and title.</summary>
public sealed record ProblemType(string Code, int Status, string Title)
{
    public string Uri { get; } = "urn:interchange:problem:" + Code;
}
