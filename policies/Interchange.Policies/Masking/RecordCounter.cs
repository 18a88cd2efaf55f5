namespace Interchange.Policies.Masking;

/// <summary>
/// Counts, while a response is masked, the records that leave: each object of a record array (the top-level array or a
/// page's <c>records</c>), or 1 for a top-level object that is a single record rather than a page. With a
/// <see cref="Max"/> (an entry's <c>max_page_size</c>) the record past it is not written: the masker throws
/// <see cref="RecordLimitExceededException"/> instead, so an answer holding more records than the list allows is never
/// released whole. <see cref="Count"/> stays readable after that, for the records already written.
/// </summary>
public sealed class RecordCounter(int? max = null)
{
    public int? Max { get; } = max is null or > 0 ? max : throw new ArgumentOutOfRangeException(nameof(max), max, "At least one record.");

    /// <summary>Records written so far.</summary>
    public int Count { get; private set; }

    internal void Add()
    {
        if (Count == Max)
        {
            throw new RecordLimitExceededException(Count);
        }

        Count++;
    }
}

/// <summary>
/// The source's answer holds more records than <see cref="RecordCounter.Max"/>. As with <see cref="InvalidDataException"/>,
/// part of the output may be written already, so the caller must withhold or abort the answer, never complete it.
/// </summary>
public sealed class RecordLimitExceededException(int max)
    : Exception($"The response holds more than {max} records.")
{
    public int Max { get; } = max;
}
