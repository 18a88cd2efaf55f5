namespace Interchange.Policies.Loading.Validators;

/// <summary>An entry whose validity ends before it begins would never decide anything, which is surely a typo.</summary>
internal sealed class ValidityValidator : IListValidator
{
    public void Validate(ListDraft list, ICollection<PolicyProblem> problems)
    {
        foreach (var entry in list.Entries)
        {
            if (entry.ValidUntil is { } until && (entry.EffectiveFrom ?? list.EffectiveFrom) is { } from
                && until <= new DateTimeOffset(from, TimeOnly.MinValue, Model.ListEntry.ListOffset))
            {
                problems.Add(list.Problem(entry.ValidUntilAt, $"{entry.Name}: 'valid_until' is not after the date the entry takes effect ({from:yyyy-MM-dd})"));
            }
        }
    }
}
