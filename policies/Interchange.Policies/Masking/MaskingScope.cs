namespace Interchange.Policies.Masking;

/// <summary>The containers the masker interprets; anything deeper is either copied verbatim or skipped.</summary>
internal enum MaskingScope
{
    /// <summary>The top-level object: a page (<c>records</c>, paging numbers) or a single record.</summary>
    TopObject,

    /// <summary>An array whose object elements are records (the top-level array or a page's <c>records</c>).</summary>
    RecordArray,

    /// <summary>One record: only the plan's fields survive.</summary>
    Record,
}
