namespace Interchange.Policies.Loading.Validators;

/// <summary>The subject access report finds a person's records by the subject field, so a personal entry must name one that exists.</summary>
internal sealed class SubjectValidator : IListValidator
{
    public void Validate(ListDraft list, ICollection<PolicyProblem> problems)
    {
        foreach (var entry in list.Entries)
        {
            if (entry.Personal && entry.Subject is null)
            {
                problems.Add(list.Problem(entry.Start, $"{entry.Name}: a personal entry must name its 'subject' field"));
            }

            // A not-shared entry may leave its fields out; then there is nothing to check the subject against.
            if (entry.Subject is { } subject && entry.Fields is { } fields && !fields.Any(f => f.Name == subject))
            {
                problems.Add(list.Problem(entry.SubjectAt, $"{entry.Name}: subject '{subject}' is not one of the entry's fields"));
            }
        }
    }
}
