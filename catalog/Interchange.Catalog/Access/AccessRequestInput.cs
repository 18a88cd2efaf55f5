namespace Interchange.Catalog.Access;

/// <summary>What an applicant states; everything else of a request is set by the server.</summary>
public sealed record AccessRequestInput(string Dataset, string Purpose, IReadOnlyList<string> Fields, string Justification, string? Case, DateTimeOffset Until);
