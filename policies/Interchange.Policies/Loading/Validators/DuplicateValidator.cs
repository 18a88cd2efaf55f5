namespace Interchange.Policies.Loading.Validators;

/// <summary>A dataset has one provider and one entry, and a department one list, across all files.</summary>
internal static class DuplicateValidator
{
    public static void Validate(IEnumerable<ListDraft> lists, ICollection<PolicyProblem> problems)
    {
        var datasets = new Dictionary<string, (ListDraft List, Position At)>(StringComparer.Ordinal);
        var departments = new Dictionary<string, ListDraft>(StringComparer.Ordinal);
        foreach (var list in lists)
        {
            if (list.DepartmentId is { } department && !departments.TryAdd(department, list))
            {
                problems.Add(list.Problem(list.DepartmentIdAt, $"department '{department}' already has a list in {departments[department].File}"));
            }

            foreach (var entry in list.Entries)
            {
                if (entry.Dataset is not { } dataset)
                {
                    continue;
                }

                if (datasets.TryGetValue(dataset, out var first))
                {
                    problems.Add(list.Problem(entry.DatasetAt, $"dataset '{dataset}' is already listed at {first.List.File}:{first.At.Line}:{first.At.Column}"));
                }
                else
                {
                    datasets[dataset] = (list, entry.DatasetAt);
                }
            }
        }
    }
}
