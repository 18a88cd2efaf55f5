using System.Buffers;
using System.Text;
using System.Text.Json;
using Interchange.Policies.Masking;

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
        JsonName = JsonEncodedText.Encode(Utf8Field, MaskingTranscoder.Encoder);
    }

    public string Field { get; }

    /// <summary>The field name as UTF-8, for matching JSON property names without allocating.</summary>
    public byte[] Utf8Field { get; }

    /// <summary>The field name escaped as the masker writes it, so writing it costs no escaping per record.</summary>
    internal JsonEncodedText JsonName { get; }

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

    /// <summary>
    /// <see cref="Mask(string, int, int)"/> over UTF-8, writing to <paramref name="destination"/> (at least
    /// <c>max(value.Length, 1)</c> bytes): the same text, without decoding to a string. Returns the bytes written, or -1 when
    /// the value holds a character that may compose with its neighbours, for which only the text-element path is exact.
    /// </summary>
    /// <param name="value">Valid UTF-8.</param>
    internal static int MaskUtf8(ReadOnlySpan<byte> value, int keepFirst, int keepLast, Span<byte> destination)
    {
        // Without composing characters every code point is one char and one text element, so counting code points
        // counts exactly what the string path counts; supplementary code points are surrogate pairs there, hence "composing".
        var length = Ascii.IsValid(value) ? value.Length : CountSimpleCodePoints(value);
        if (length < 0)
        {
            return -1;
        }

        if (length <= keepFirst + keepLast)
        {
            var stars = Math.Max(length, 1);
            destination[..stars].Fill((byte)'*');
            return stars;
        }

        var prefix = Utf8Offset(value, keepFirst);
        var suffix = value.Length - Utf8LengthFromEnd(value, keepLast);
        var starCount = length - keepFirst - keepLast;
        value[..prefix].CopyTo(destination);
        destination.Slice(prefix, starCount).Fill((byte)'*');
        value[suffix..].CopyTo(destination[(prefix + starCount)..]);
        return prefix + starCount + (value.Length - suffix);
    }

    /// <summary>
    /// <see cref="Generalise(string, GeneraliseTo)"/> over UTF-8: the kept prefix of <paramref name="value"/>, or <c>***</c>.
    /// </summary>
    /// <param name="value">Valid UTF-8.</param>
    internal static ReadOnlySpan<byte> GeneraliseUtf8(ReadOnlySpan<byte> value, GeneraliseTo to)
    {
        switch (to)
        {
            // ASCII digits are one byte and one char, so the first four chars are digits exactly when the first four bytes are.
            case GeneraliseTo.Year when value.Length >= 4 && IsDigits(value[..4]):
                return value[..4];
            case GeneraliseTo.Month when value.Length > 4 && IsDigits(value[..4]):
                // Char 4 is any character; chars 5 and 6 follow it. A supplementary character there is two chars, the
                // second of which is no digit.
                Rune.DecodeFromUtf8(value[4..], out var separator, out var separatorLength);
                var month = 4 + separatorLength;
                if (separator.IsBmp && value.Length >= month + 2 && IsDigits(value.Slice(month, 2)))
                {
                    return value[..(month + 2)];
                }

                break;
            case GeneraliseTo.District:
                // UTF-8 is self-synchronising: a marker's bytes match only at a character boundary, where the string
                // search matches, and offsets in bytes and in chars order the same way.
                var best = -1;
                foreach (var marker in DistrictMarkersUtf8)
                {
                    var at = value.IndexOf(marker);
                    if (at >= 0 && (best < 0 || at + marker.Length < best))
                    {
                        best = at + marker.Length;
                    }
                }

                if (best > 0)
                {
                    return value[..best];
                }

                break;
        }

        return "***"u8;
    }

    /// <summary>Characters that make a text element longer than one char: surrogates, combining marks, joiners, variation selectors.</summary>
    private static readonly SearchValues<char> Composing = SearchValues.Create(
        string.Concat(
            Range('\u0300', '\u036F'), Range('\u1AB0', '\u1AFF'), Range('\u1DC0', '\u1DFF'), Range('\u200C', '\u200D'),
            Range('\u20D0', '\u20FF'), Range('\uD800', '\uDFFF'), Range('\uFE00', '\uFE0F'), Range('\uFE20', '\uFE2F'),
            Range('\u0E31', '\u0E3A'), Range('\u0E47', '\u0E4E'), Range('\u0900', '\u0DFF')));

    private static string Range(char from, char to) => new([.. Enumerable.Range(from, to - from + 1).Select(c => (char)c)]);

    private static readonly string[] DistrictMarkers = ["区", "县", " District", " County"];

    private static readonly byte[][] DistrictMarkersUtf8 = [.. DistrictMarkers.Select(Encoding.UTF8.GetBytes)];

    private static int DistrictEnd(string address)
    {
        var best = -1;
        foreach (var marker in DistrictMarkers)
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

    private static bool IsDigits(ReadOnlySpan<byte> span) => !span.ContainsAnyExceptInRange((byte)'0', (byte)'9');

    /// <summary>The number of code points of <paramref name="value"/>, or -1 if one of them is supplementary or composing.</summary>
    private static int CountSimpleCodePoints(ReadOnlySpan<byte> value)
    {
        var count = 0;
        while (!value.IsEmpty)
        {
            Rune.DecodeFromUtf8(value, out var rune, out var consumed);
            if (!rune.IsBmp || Composing.Contains((char)rune.Value))
            {
                return -1;
            }

            count++;
            value = value[consumed..];
        }

        return count;
    }

    /// <summary>The byte length of the first <paramref name="codePoints"/> code points of valid UTF-8.</summary>
    private static int Utf8Offset(ReadOnlySpan<byte> value, int codePoints)
    {
        var offset = 0;
        for (var i = 0; i < codePoints; i++)
        {
            offset++;
            while (offset < value.Length && IsContinuation(value[offset]))
            {
                offset++;
            }
        }

        return offset;
    }

    /// <summary>The byte length of the last <paramref name="codePoints"/> code points of valid UTF-8.</summary>
    private static int Utf8LengthFromEnd(ReadOnlySpan<byte> value, int codePoints)
    {
        var start = value.Length;
        for (var i = 0; i < codePoints; i++)
        {
            start--;
            while (start > 0 && IsContinuation(value[start]))
            {
                start--;
            }
        }

        return value.Length - start;
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;

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
