using System.Security.Cryptography;
using System.Text;

namespace Interchange.Policies.Fields;

/// <summary>
/// Keyed pseudonyms: HMAC-SHA256 over consumer and value with a per-deployment key, so one person
/// gets one stable token per consumer and tokens cannot be linked across consumers.
/// </summary>
public sealed class Pseudonymiser : IDisposable
{
    private readonly byte[] _key;

    // One keyed hash per thread: the key schedule is prepared once, not on every value.
    private readonly ThreadLocal<IncrementalHash> _hmac;

    public Pseudonymiser(ReadOnlySpan<byte> key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The pseudonymisation key must be at least 32 bytes.", nameof(key));
        }

        _key = key.ToArray();
        _hmac = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key), trackAllValues: true);
    }

    public void Dispose()
    {
        foreach (var hmac in _hmac.Values)
        {
            hmac.Dispose();
        }

        _hmac.Dispose();
    }

    public string Pseudonymise(string consumerId, string value)
    {
        var length = Encoding.UTF8.GetMaxByteCount(consumerId.Length + 1 + value.Length);
        var rented = length <= 512 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        Span<byte> input = rented ?? stackalloc byte[512];
        try
        {
            var written = Encoding.UTF8.GetBytes(consumerId, input);
            input[written++] = 0;
            written += Encoding.UTF8.GetBytes(value, input[written..]);
            Span<byte> mac = stackalloc byte[32];
            var hmac = _hmac.Value!;
            hmac.AppendData(input[..written]);
            hmac.GetHashAndReset(mac);
            return string.Create(35, mac[..16].ToArray(), static (span, bytes) =>
            {
                "pn_".CopyTo(span);
                Convert.TryToHexStringLower(bytes, span[3..], out _);
            });
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
