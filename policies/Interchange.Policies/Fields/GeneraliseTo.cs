namespace Interchange.Policies.Fields;

/// <summary>The granularity a <see cref="FieldRuleKind.Generalise"/> rule coarsens to.</summary>
public enum GeneraliseTo
{
    /// <summary>A date (<c>yyyy-MM-dd…</c>) becomes its year.</summary>
    Year,

    /// <summary>A date becomes <c>yyyy-MM</c>.</summary>
    Month,

    /// <summary>An address is cut after its district or county (区, 县, "District", "County").</summary>
    District,
}
