using System.Security.Cryptography;
using System.Text;

namespace Interchange.Policies.Fields;

/// <summary>
/// Keyed pseudonyms: HMAC-SHA256 over consumer and value with a per-deployment key, so one person
/// gets one stable token per consumer and tokens cannot be linked across consumers.
/// </summary>
public sealed class Pseudonymiser
{
    private readonly byte[] _key;

    public Pseudonymiser(ReadOnlySpan<byte> key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The pseudonymisation key must be at least 32 bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    public string Pseudonymise(string consumerId, string value)
    {
        var input = Encoding.UTF8.GetBytes(consumerId + "\u0000" + value);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, input, mac);
        return "pn_" + Convert.ToHexStringLower(mac[..16]);
    }
}
