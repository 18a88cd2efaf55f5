using Interchange.Policies.Fields;

namespace Interchange.Policies.Loading.Validators;

/// <summary>Rules must name purposes the entry lists, suit the field's type, and be reachable.</summary>
internal sealed class RuleValidator : IListValidator
{
    public void Validate(ListDraft list, ICollection<PolicyProblem> problems)
    {
        foreach (var entry in list.Entries)
        {
            var purposes = entry.Purposes?.Select(p => p.Code).ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var field in entry.Fields ?? [])
            {
                var what = $"{entry.Name}: field '{field.Name}'";
                for (var i = 0; i < field.Rules.Count; i++)
                {
                    var rule = field.Rules[i];
                    foreach (var (code, at) in rule.Purposes ?? [])
                    {
                        if (!purposes.Contains(code))
                        {
                            problems.Add(list.Problem(at, $"{what}: rule names purpose '{code}', which the entry does not list"));
                        }
                    }

                    if (i > 0 && field.Rules[i - 1].AppliesToAll)
                    {
                        problems.Add(list.Problem(rule.At, $"{what}: rule {i + 1} is never used, because rule {i} applies to every purpose and consumer"));
                    }

                    if (Unsuited(rule, field.Type) is { } reason)
                    {
                        problems.Add(list.Problem(rule.At, $"{what}: {reason}"));
                    }
                }
            }
        }
    }

    private static string? Unsuited(RuleDraft rule, string? type) => (rule.Kind, rule.To, type) switch
    {
        (_, _, null) => null,
        (FieldRuleKind.Generalise, GeneraliseTo.Year or GeneraliseTo.Month, not ("date" or "datetime" or "string")) =>
            $"generalising to a year or month needs a date, datetime or string field, not {type}",
        (FieldRuleKind.Generalise, GeneraliseTo.District, not "string") => $"generalising to a district needs a string field, not {type}",
        (FieldRuleKind.Mask or FieldRuleKind.Pseudonymise, _, "object" or "array" or "boolean") => $"a {type} field cannot be masked or pseudonymised; allow or drop it",
        _ => null,
    };
}
