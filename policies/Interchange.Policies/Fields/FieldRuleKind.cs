namespace Interchange.Policies.Fields;

/// <summary>What a responsibility-list rule does to one field (信息项) of a record.</summary>
public enum FieldRuleKind
{
    /// <summary>The value passes unchanged.</summary>
    Allow,

    /// <summary>Keep a stated prefix and suffix, replace the rest with <c>*</c>.</summary>
    Mask,

    /// <summary>Keyed hash: the same value gives the same token for one consumer, unlinkable across consumers.</summary>
    Pseudonymise,

    /// <summary>Coarsen the value (birth date → year, address → district).</summary>
    Generalise,

    /// <summary>The field is removed.</summary>
    Drop,
}
