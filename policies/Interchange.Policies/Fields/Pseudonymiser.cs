using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Interchange.Policies.Fields;

/// <summary>
/// Keyed pseudonyms: HMAC-SHA256 over consumer and value with a per-deployment key, so one person
/// gets one stable token per consumer and tokens cannot be linked across consumers.
/// </summary>
/// <remarks>
/// A pseudonym is <c>pn_</c> and the lower-case hex of the first 16 bytes of
/// HMAC-SHA256(key, UTF-8(consumer) ‖ 0x00 ‖ UTF-8(value)).
/// </remarks>
public sealed class Pseudonymiser : IDisposable
{
    /// <summary>The length of every pseudonym, in chars and in UTF-8 bytes (it is ASCII).</summary>
    internal const int PseudonymLength = 35;

    // Inputs up to this size are hashed from the stack.
    private const int StackLimit = 512;

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
        var rented = length <= StackLimit ? null : ArrayPool<byte>.Shared.Rent(length);
        Span<byte> input = rented ?? stackalloc byte[StackLimit];
        try
        {
            var written = Encoding.UTF8.GetBytes(consumerId, input);
            input[written++] = 0;
            written += Encoding.UTF8.GetBytes(value, input[written..]);
            Span<byte> pseudonym = stackalloc byte[PseudonymLength];
            Hash(input[..written], pseudonym);
            return Encoding.ASCII.GetString(pseudonym);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The pseudonym of a value given as UTF-8 (the masker's form), written as <see cref="PseudonymLength"/> ASCII bytes;
    /// the same as <see cref="Pseudonymise(string, string)"/> of the decoded strings, without allocating.
    /// </summary>
    internal void Pseudonymise(ReadOnlySpan<byte> consumerIdUtf8, ReadOnlySpan<byte> valueUtf8, Span<byte> destination)
    {
        var length = consumerIdUtf8.Length + 1 + valueUtf8.Length;
        var rented = length <= StackLimit ? null : ArrayPool<byte>.Shared.Rent(length);
        Span<byte> input = rented ?? stackalloc byte[StackLimit];
        try
        {
            consumerIdUtf8.CopyTo(input);
            input[consumerIdUtf8.Length] = 0;
            valueUtf8.CopyTo(input[(consumerIdUtf8.Length + 1)..]);
            Hash(input[..length], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private void Hash(ReadOnlySpan<byte> input, Span<byte> pseudonym)
    {
        // One update and one final per value: each call into the crypto library has a fixed cost that dwarfs hashing a few dozen bytes.
        Span<byte> mac = stackalloc byte[32];
        var hmac = _hmac.Value!;
        hmac.AppendData(input);
        hmac.GetHashAndReset(mac);
        "pn_"u8.CopyTo(pseudonym);
        Convert.TryToHexStringLower(mac[..16], pseudonym[3..PseudonymLength], out _);
    }
}
