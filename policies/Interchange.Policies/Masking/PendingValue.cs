namespace Interchange.Policies.Masking;

/// <summary>
/// What to do with the value after a property name. Kept as state because the name and its value may arrive
/// in different chunks, and the name is written only once the value is known to survive.
/// </summary>
internal enum PendingValue
{
    None,

    /// <summary>Drop the value whole, with anything nested in it.</summary>
    Skip,

    /// <summary>Apply the pending field rule.</summary>
    Rule,

    /// <summary>A top-level <c>records</c> property: an array of records, else dropped (or ruled when the plan names it).</summary>
    Records,

    /// <summary>A top-level <c>total</c>, <c>limit</c> or <c>offset</c>: passes only as a number.</summary>
    Paging,
}
