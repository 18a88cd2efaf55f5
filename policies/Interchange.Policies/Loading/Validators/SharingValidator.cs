using Interchange.Core.Datasets;

namespace Interchange.Policies.Loading.Validators;

/// <summary>What each sharing type needs: a legal basis to refuse, consumers to share unconditionally, purposes and fields to share at all.</summary>
internal sealed class SharingValidator : IListValidator
{
    public void Validate(ListDraft list, ICollection<PolicyProblem> problems)
    {
        foreach (var entry in list.Entries)
        {
            switch (entry.Sharing)
            {
                case SharingType.NotShared when entry.LegalBasis is null:
                    problems.Add(list.Problem(entry.SharingAt, $"{entry.Name}: a not-shared entry must state its 'legal_basis'"));
                    break;
                case SharingType.Unconditional or SharingType.Conditional:
                    if (entry.Sharing == SharingType.Unconditional && entry.Consumers is null)
                    {
                        problems.Add(list.Problem(entry.SharingAt, $"{entry.Name}: an unconditional entry must list its 'consumers' ('any', or agencies and regions)"));
                    }

                    if (entry.Purposes is null)
                    {
                        problems.Add(list.Problem(entry.Start, $"{entry.Name}: a shared entry must list its 'purposes'"));
                    }

                    if (entry.Fields is null)
                    {
                        problems.Add(list.Problem(entry.Start, $"{entry.Name}: a shared entry must list its 'fields'"));
                    }

                    break;
            }
        }
    }
}
