namespace Interchange.Policies.Loading.Validators;

/// <summary>One check of a list that spans several keys; each adds what it finds and never stops the others.</summary>
internal interface IListValidator
{
    void Validate(ListDraft list, ICollection<PolicyProblem> problems);
}
