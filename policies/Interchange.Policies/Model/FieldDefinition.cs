using Interchange.Policies.Fields;

namespace Interchange.Policies.Model;

/// <summary>One field (信息项) of a list entry.</summary>
/// <param name="Type">string, number, integer, boolean, date, datetime, object or array.</param>
/// <param name="Rules">In file order; for one request the first rule that applies wins, none means dropped.</param>
public sealed record FieldDefinition(string Name, string Type, bool Personal, IReadOnlyList<FieldRule> Rules);
