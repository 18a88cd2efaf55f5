using System.Text;

namespace Interchange.Policies.Fields;

/// <summary>
/// One rule of a field in a list entry. A rule may be limited to some purposes or some consumers
/// (<c>null</c> means all); for one request the first rule of a field that applies is used, and a
/// field with no applicable rule is dropped.
/// </summary>
public sealed class FieldRule
{
    public FieldRule(string field, FieldRuleKind kind, int keepFirst = 0, int keepLast = 0, GeneraliseTo to = GeneraliseTo.Year,
        IReadOnlySet<string>? purposes = null, IReadOnlySet<string>? consumers = null)
    {
        Field = field;
        Kind = kind;
        KeepFirst = keepFirst;
        KeepLast = keepLast;
        To = to;
        Purposes = purposes;
        Consumers = consumers;
        Utf8Field = Encoding.UTF8.GetBytes(field);
    }

    public string Field { get; }

    /// <summary>The field name as UTF-8, for matching JSON property names without allocating.</summary>
    public byte[] Utf8Field { get; }

    public FieldRuleKind Kind { get; }

    public int KeepFirst { get; }

    public int KeepLast { get; }

    public GeneraliseTo To { get; }

    /// <summary>Purposes the rule is limited to; <c>null</c> for every purpose of the entry.</summary>
    public IReadOnlySet<string>? Purposes { get; }

    /// <summary>Consumers (agency ids) the rule is limited to; <c>null</c> for every consumer.</summary>
    public IReadOnlySet<string>? Consumers { get; }

    public bool AppliesTo(string purpose, string consumerId) =>
        (Purposes is null || Purposes.Contains(purpose)) && (Consumers is null || Consumers.Contains(consumerId));

    /// <summary>The value the consumer receives for <paramref name="value"/> (the text of a JSON string or number).</summary>
    public string Transform(string value, string consumerId, Pseudonymiser pseudonymiser) => Kind switch
    {
        FieldRuleKind.Allow => value,
        FieldRuleKind.Mask => Mask(value, KeepFirst, KeepLast),
        FieldRuleKind.Pseudonymise => pseudonymiser.Pseudonymise(consumerId, value),
        FieldRuleKind.Generalise => Generalise(value, To),
        _ => throw new InvalidOperationException($"A {Kind} rule has no value."),
    };

    /// <summary>Keeps <paramref name="keepFirst"/> and <paramref name="keepLast"/> text elements and stars the rest; a value too short to hide anything is starred whole.</summary>
    public static string Mask(string value, int keepFirst, int keepLast)
    {
        if (!value.AsSpan().ContainsAny(Composing))
        {
            // One char is one text element (no surrogates, combining marks or joiners): mask in place.
            if (value.Length <= keepFirst + keepLast)
            {
                return new string('*', Math.Max(value.Length, 1));
            }

            return string.Create(value.Length, (value, keepFirst, keepLast), static (span, state) =>
            {
                var (text, first, last) = state;
                text.AsSpan().CopyTo(span);
                span[first..^last].Fill('*');
            });
        }

        var elements = StringInfoElements(value);
        if (elements.Count <= keepFirst + keepLast)
        {
            return new string('*', Math.Max(elements.Count, 1));
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < elements.Count; i++)
        {
            builder.Append(i < keepFirst || i >= elements.Count - keepLast ? elements[i] : "*");
        }

        return builder.ToString();
    }

    public static string Generalise(string value, GeneraliseTo to)
    {
        switch (to)
        {
            case GeneraliseTo.Year when value.Length >= 4 && IsDigits(value.AsSpan(0, 4)):
                return value[..4];
            case GeneraliseTo.Month when value.Length >= 7 && IsDigits(value.AsSpan(0, 4)) && IsDigits(value.AsSpan(5, 2)):
                return value[..7];
            case GeneraliseTo.District:
                var end = DistrictEnd(value);
                if (end > 0)
                {
                    return value[..end];
                }

                break;
        }

        // A value the rule cannot coarsen is withheld rather than passed on unchanged.
        return "***";
    }

    /// <summary>Characters that make a text element longer than one char: surrogates, combining marks, joiners, variation selectors.</summary>
    private static readonly System.Buffers.SearchValues<char> Composing = System.Buffers.SearchValues.Create(
        string.Concat(
            Range('\u0300', '\u036F'), Range('\u1AB0', '\u1AFF'), Range('\u1DC0', '\u1DFF'), Range('\u200C', '\u200D'),
            Range('\u20D0', '\u20FF'), Range('\uD800', '\uDFFF'), Range('\uFE00', '\uFE0F'), Range('\uFE20', '\uFE2F'),
            Range('\u0E31', '\u0E3A'), Range('\u0E47', '\u0E4E'), Range('\u0900', '\u0DFF')));

    private static string Range(char from, char to) => new([.. Enumerable.Range(from, to - from + 1).Select(c => (char)c)]);

    private static int DistrictEnd(string address)
    {
        string[] markers = ["区", "县", " District", " County"];
        var best = -1;
        foreach (var marker in markers)
        {
            var at = address.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at + marker.Length < best))
            {
                best = at + marker.Length;
            }
        }

        return best;
    }

    private static bool IsDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static List<string> StringInfoElements(string value)
    {
        var list = new List<string>(value.Length);
        var e = System.Globalization.StringInfo.GetTextElementEnumerator(value);
        while (e.MoveNext())
        {
            list.Add((string)e.Current);
        }

        return list;
    }
}
