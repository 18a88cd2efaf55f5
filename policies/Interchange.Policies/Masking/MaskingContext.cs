using Interchange.Policies.Fields;

namespace Interchange.Policies.Masking;

/// <summary>What the masker needs for one response: the decision's field plan and who the consumer is (pseudonyms are per consumer).</summary>
public sealed record MaskingContext(FieldPlan Plan, string ConsumerId, Pseudonymiser Pseudonymiser)
{
    /// <summary>Where each record's subject value goes, for personal entries; null when nothing is collected.</summary>
    public SubjectCollector? Subjects { get; init; }

    /// <summary>Counts (and optionally caps) the records written; null when nobody counts.</summary>
    public RecordCounter? Records { get; init; }
}
