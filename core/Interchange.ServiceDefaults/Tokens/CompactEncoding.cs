namespace Interchange.ServiceDefaults.Tokens;

/// <summary>
/// The JWS compact serialization as RFC 7515 writes it: three parts of unpadded base64url (§2, §3.1) whose last character
/// carries no stray low bits. A decoder that tolerates padding, the standard alphabet or stray bits reads one signed token
/// from many strings; refusing them keeps one token one string (and one entry in the validated-token cache).
/// </summary>
internal static class CompactEncoding
{
    /// <summary>Whether <paramref name="token"/> is exactly three canonical base64url parts separated by dots.</summary>
    public static bool IsCanonical(ReadOnlySpan<char> token)
    {
        var first = token.IndexOf('.');
        if (first < 0)
        {
            return false;
        }

        var rest = token[(first + 1)..];
        var second = rest.IndexOf('.');
        if (second < 0)
        {
            return false;
        }

        var signature = rest[(second + 1)..];
        return signature.IndexOf('.') < 0 && IsCanonicalPart(token[..first]) && IsCanonicalPart(rest[..second]) && IsCanonicalPart(signature);
    }

    private static bool IsCanonicalPart(ReadOnlySpan<char> part)
    {
        var last = -1;
        foreach (var c in part)
        {
            last = Value(c);
            if (last < 0)
            {
                return false;
            }
        }

        // A final group of 2 characters encodes 1 byte (4 bits unused), of 3 characters 2 bytes (2 bits unused);
        // a group of 1 character encodes nothing.
        return (part.Length % 4) switch
        {
            0 => true,
            1 => false,
            2 => (last & 0x0F) == 0,
            _ => (last & 0x03) == 0,
        };
    }

    private static int Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        '_' => 63,
        _ => -1,
    };
}
