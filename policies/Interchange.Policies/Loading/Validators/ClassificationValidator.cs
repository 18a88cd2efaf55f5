using Interchange.Core.Datasets;

namespace Interchange.Policies.Loading.Validators;

/// <summary>Core data (Data Security Law) is never shared through the interchange, so a core entry must say so.</summary>
internal sealed class ClassificationValidator : IListValidator
{
    public void Validate(ListDraft list, ICollection<PolicyProblem> problems)
    {
        foreach (var entry in list.Entries)
        {
            if (entry.Classification == Classification.Core && entry.Sharing is { } sharing && sharing != SharingType.NotShared)
            {
                problems.Add(list.Problem(entry.ClassificationAt, $"{entry.Name}: core data is never shared; 'sharing' must be not-shared"));
            }
        }
    }
}
