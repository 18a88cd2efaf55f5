namespace Interchange.Audit.Subjects;

/// <summary>The one rule for a record's <see cref="AuditRecord.Subjects"/>, shared by the encoder, the decoder and the store.</summary>
internal static class SubjectHashes
{
    public const int HexLength = 64;

    /// <summary>Null when the list is well-formed; otherwise what is wrong with it.</summary>
    public static string? Problem(IReadOnlyList<string>? subjects)
    {
        if (subjects is null)
        {
            return "An audit record's subjects may be empty but not null.";
        }

        for (var i = 0; i < subjects.Count; i++)
        {
            if (!IsHash(subjects[i]))
            {
                return "An audit record's subjects must be keyed hashes: 64 lowercase hex digits.";
            }

            if (i > 0 && string.CompareOrdinal(subjects[i - 1], subjects[i]) >= 0)
            {
                return "An audit record's subjects must be distinct and in ascending order.";
            }
        }

        return null;
    }

    public static bool IsHash(string? value)
    {
        if (value is not { Length: HexLength })
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
