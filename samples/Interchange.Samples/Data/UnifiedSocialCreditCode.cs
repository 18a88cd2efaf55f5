namespace Interchange.Samples.Data;

/// <summary>
/// Unified social credit codes (统一社会信用代码) per GB 32100-2015: registering authority, entity category, six-digit
/// division code, nine-character organisation code (GB 11714, with its own check character) and a check character.
/// </summary>
internal static class UnifiedSocialCreditCode
{
    // GB 32100 omits I, O, S, V and Z so codes cannot be misread.
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrganisationWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    /// <param name="prefix">Registering authority and category, e.g. <c>91</c> (market regulation, company) or <c>92</c> (individual business).</param>
    /// <param name="divisionCode">GB/T 2260 code of the registering division.</param>
    /// <param name="organisationBody">Eight digits of the organisation code.</param>
    public static string Create(string prefix, string divisionCode, string organisationBody)
    {
        var body = prefix + divisionCode + organisationBody + OrganisationCheck(organisationBody);
        return body + CheckCharacter(body);
    }

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(first17[i], StringComparison.Ordinal) * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }

    public static bool IsValid(string value) => value.Length == 18 && CheckCharacter(value) == value[17];

    // GB 11714: digits weigh their value; 10 is written X and 11 as 0.
    private static char OrganisationCheck(string body)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (body[i] - '0') * OrganisationWeights[i];
        }

        var check = 11 - (sum % 11);
        return check switch
        {
            10 => 'X',
            11 => '0',
            _ => (char)('0' + check),
        };
    }
}
