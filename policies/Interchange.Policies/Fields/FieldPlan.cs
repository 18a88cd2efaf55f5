using System.Text.Json;

namespace Interchange.Policies.Fields;

/// <summary>
/// The fields one decision lets a consumer receive, each with the rule that applies to it.
/// Any field not in the plan is dropped. Immutable; cached per list entry, purpose and consumer.
/// </summary>
public sealed class FieldPlan
{
    private readonly FieldRule[] _rules;

    public FieldPlan(IEnumerable<FieldRule> rules)
    {
        _rules = rules.Where(r => r.Kind != FieldRuleKind.Drop).ToArray();
        ReturnedFields = _rules.Select(r => r.Field).ToArray();
    }

    public static FieldPlan Empty { get; } = new([]);

    /// <summary>Names of the fields the consumer receives (allowed, masked, pseudonymised or generalised).</summary>
    public IReadOnlyList<string> ReturnedFields { get; }

    public IReadOnlyList<FieldRule> Rules => _rules;

    /// <summary>The rule for the property name the reader is positioned on, or <c>null</c> when the field is dropped.</summary>
    public FieldRule? Find(ref Utf8JsonReader reader)
    {
        foreach (var rule in _rules)
        {
            if (reader.ValueTextEquals(rule.Utf8Field))
            {
                return rule;
            }
        }

        return null;
    }

    public FieldRule? Find(string field)
    {
        foreach (var rule in _rules)
        {
            if (string.Equals(rule.Field, field, StringComparison.Ordinal))
            {
                return rule;
            }
        }

        return null;
    }
}
