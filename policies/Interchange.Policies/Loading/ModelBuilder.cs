using Interchange.Core.Datasets;
using Interchange.Policies.Fields;
using Interchange.Policies.Model;

namespace Interchange.Policies.Loading;

/// <summary>Builds the immutable model from drafts that passed every check, so every value it reads is present.</summary>
internal static class ModelBuilder
{
    public static ResponsibilityList Build(ListDraft draft)
    {
        var department = new Department(draft.DepartmentId!, draft.DepartmentName!, draft.Region!, draft.Office, draft.Contact);
        return new ResponsibilityList
        {
            Department = department,
            Version = draft.Version!,
            EffectiveFrom = draft.EffectiveFrom,
            SourcePath = draft.File,
            Entries = draft.Entries.Select(e => Build(e, draft)).ToArray(),
        };
    }

    private static ListEntry Build(EntryDraft draft, ListDraft list)
    {
        var purposes = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (code, description, _) in draft.Purposes ?? [])
        {
            purposes[code] = description;
        }

        return new ListEntry
        {
            DatasetId = draft.Dataset!,
            Title = draft.Title,
            ProviderId = list.DepartmentId!,
            Version = list.Version!,
            EffectiveFrom = draft.EffectiveFrom ?? list.EffectiveFrom,
            Classification = draft.Classification!.Value,
            Sharing = draft.Sharing!.Value,
            LegalBasis = draft.LegalBasis,
            Personal = draft.Personal,
            SubjectField = draft.Subject,
            Consumers = draft.Consumers ?? ConsumerSet.Open,
            Purposes = new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(purposes),
            Fields = (draft.Fields ?? []).Select(Build).ToArray(),
            ReplyDeadlineDays = draft.ReplyDeadlineDays,
            Limits = draft.Limits,
            Methods = draft.Methods?.ToArray() ?? ListEntry.ReadMethods,
            ValidUntil = draft.ValidUntil,
            UpdateFrequency = draft.UpdateFrequency,
        };
    }

    private static FieldDefinition Build(FieldDraft draft) =>
        new(draft.Name, draft.Type!, draft.Personal, draft.Rules.Select(r => Build(r, draft.Name)).ToArray());

    private static FieldRule Build(RuleDraft draft, string field) => new(
        field,
        draft.Kind!.Value,
        draft.KeepFirst,
        draft.KeepLast,
        draft.To ?? GeneraliseTo.Year,
        draft.Purposes?.Select(p => p.Code).ToHashSet(StringComparer.Ordinal),
        draft.Consumers?.ToHashSet(StringComparer.Ordinal));
}
