using System.Text.Json;

namespace Interchange.Policies.Fields;

/// <summary>
/// The fields one decision lets a consumer receive, each with the rule that applies to it.
/// Any field not in the plan is dropped. Immutable; cached per list entry, purpose and consumer.
/// </summary>
public sealed class FieldPlan
{
    private readonly FieldRule[] _rules;

    // The rules by the byte length of their UTF-8 name, for matching a record's property names: most names then meet
    // one candidate, or none, instead of every rule of the plan.
    private readonly FieldRule[][] _rulesByLength;

    public FieldPlan(IEnumerable<FieldRule> rules)
    {
        _rules = rules.Where(r => r.Kind != FieldRuleKind.Drop).ToArray();
        ReturnedFields = _rules.Select(r => r.Field).ToArray();
        _rulesByLength = new FieldRule[_rules.Length == 0 ? 0 : _rules.Max(r => r.Utf8Field.Length) + 1][];
        for (var length = 0; length < _rulesByLength.Length; length++)
        {
            // In plan order, so the first of two rules with one name still wins, as in Find(string).
            _rulesByLength[length] = _rules.Where(r => r.Utf8Field.Length == length).ToArray();
        }
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

    /// <summary>The rule for an unescaped UTF-8 property name, or <c>null</c> when the field is dropped.</summary>
    internal FieldRule? Find(ReadOnlySpan<byte> utf8Name)
    {
        if (utf8Name.Length >= _rulesByLength.Length)
        {
            return null;
        }

        foreach (var rule in _rulesByLength[utf8Name.Length])
        {
            if (utf8Name.SequenceEqual(rule.Utf8Field))
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
