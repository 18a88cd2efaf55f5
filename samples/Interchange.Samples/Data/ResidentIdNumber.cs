using System.Globalization;

namespace Interchange.Samples.Data;

/// <summary>Resident identity card numbers (公民身份号码) per GB 11643-1999: area, birth date, sequence, check character.</summary>
internal static class ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>The sequence's last digit is odd for men and even for women, as the standard requires.</summary>
    public static string Create(string areaCode, DateOnly birthDate, int sequence)
    {
        var body = areaCode + birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D3", CultureInfo.InvariantCulture);
        return body + CheckCharacter(body);
    }

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    public static bool IsValid(string value) =>
        value.Length == 18 && !value.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9') && CheckCharacter(value) == value[17];
}
