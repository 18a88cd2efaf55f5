namespace Interchange.Policies.Model;

/// <summary>The providing department that owns a responsibility list.</summary>
/// <param name="Region">GB/T 2260 code of the department's region.</param>
/// <param name="Office">The office responsible for the list, named so applicants know whom to ask.</param>
public sealed record Department(string Id, string Name, string Region, string? Office, string? Contact);
