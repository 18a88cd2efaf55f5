namespace Interchange.Policies.Loading.Validators;

/// <summary>A list lives in <c>&lt;department-id&gt;.yaml</c>, so that one department cannot edit another's list by accident.</summary>
internal sealed class FileNameValidator : IListValidator
{
    public void Validate(ListDraft list, ICollection<PolicyProblem> problems)
    {
        var name = Path.GetFileNameWithoutExtension(list.File);
        if (list.DepartmentId is { } id && !string.Equals(id, name, StringComparison.Ordinal))
        {
            problems.Add(list.Problem(list.DepartmentIdAt, $"department id '{id}' does not match the file name '{Path.GetFileName(list.File)}'; name the file '{id}.yaml'"));
        }
    }
}
