using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Interchange.Identity.Clients;

/// <summary>
/// Client secrets that were verified a moment ago. OpenIddict stores a client secret as a PBKDF2 hash (10,000 rounds of
/// HMAC-SHA256), deliberately slow: checking it was more than half of a token request's CPU (about 3 ms on the 2-core
/// benchmark machine), on every request. An agency asking for tokens in a loop presents the same secret each time, so a success is remembered
/// for <see cref="IdentityServerOptions.ClientSecretCacheLifetime"/> and the hash is derived once per lifetime.
/// </summary>
/// <remarks>
/// <para>Only successes are remembered. A wrong secret never matches an entry, so it is derived and compared every
/// time and fails exactly as before, with the same <c>invalid_client</c> answer, throttling and audit record.</para>
/// <para>An entry is an HMAC-SHA256, under a random key that exists only in this process's memory, of the stored hash
/// and the presented secret; neither is kept, and without the key an entry cannot be tested against guesses. The stored
/// hash has a fresh random salt each time a secret is registered or rotated, so as soon as the new hash is read the old
/// secret matches no entry and is refused: at once on the instance that applied the agencies file, within
/// <see cref="IdentityServerOptions.ClientCacheLifetime"/> on another instance sharing the store.</para>
/// <para>Memory is bounded: at most <see cref="MaxEntries"/> entries; beyond that the expired ones are dropped, or
/// all of them, which only means deriving again.</para>
/// </remarks>
public sealed class ClientSecretVerifications : IDisposable
{
    /// <summary>More than the agencies of any deployment times the few secrets each might present during a rotation.</summary>
    public const int MaxEntries = 10_000;

    private const int StackLimit = 512;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<Digest, DateTimeOffset> _verified = new();
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public ClientSecretVerifications(IOptions<IdentityServerOptions> options, TimeProvider time)
    {
        _lifetime = options.Value.ClientSecretCacheLifetime;
        _time = time;
    }

    /// <summary>Entries held now, expired ones included until they are next looked up or pruned.</summary>
    public int Count => _verified.Count;

    /// <summary>Whether <paramref name="secret"/> matched <paramref name="storedHash"/> within the lifetime.</summary>
    public bool WasVerified(string storedHash, string secret)
    {
        if (_lifetime <= TimeSpan.Zero)
        {
            return false;
        }

        var digest = Compute(storedHash, secret);
        if (!_verified.TryGetValue(digest, out var expires))
        {
            return false;
        }

        if (_time.GetUtcNow() < expires)
        {
            return true;
        }

        _verified.TryRemove(new KeyValuePair<Digest, DateTimeOffset>(digest, expires));
        return false;
    }

    /// <summary>Records that <paramref name="secret"/> matched <paramref name="storedHash"/>. Never call it for a failure.</summary>
    public void Remember(string storedHash, string secret)
    {
        if (_lifetime <= TimeSpan.Zero)
        {
            return;
        }

        if (_verified.Count >= MaxEntries)
        {
            Prune();
        }

        _verified[Compute(storedHash, secret)] = _time.GetUtcNow() + _lifetime;
    }

    public void Dispose()
    {
        _verified.Clear();
        CryptographicOperations.ZeroMemory(_key);
    }

    private void Prune()
    {
        var now = _time.GetUtcNow();
        foreach (var entry in _verified)
        {
            if (entry.Value <= now)
            {
                _verified.TryRemove(entry);
            }
        }

        if (_verified.Count >= MaxEntries)
        {
            _verified.Clear();
        }
    }

    /// <summary>HMAC over the stored hash's length, the stored hash and the secret, so no two pairs share an input.</summary>
    private Digest Compute(string storedHash, string secret)
    {
        var length = 4 + Encoding.UTF8.GetMaxByteCount(storedHash.Length) + Encoding.UTF8.GetMaxByteCount(secret.Length);
        byte[]? rented = null;
        Span<byte> buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var hashLength = Encoding.UTF8.GetBytes(storedHash, buffer[4..]);
            BinaryPrimitives.WriteInt32BigEndian(buffer, hashLength);
            var secretLength = Encoding.UTF8.GetBytes(secret, buffer[(4 + hashLength)..]);
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(_key, buffer[..(4 + hashLength + secretLength)], mac);
            return MemoryMarshal.Read<Digest>(mac);
        }
        finally
        {
            // The buffer held the presented secret.
            CryptographicOperations.ZeroMemory(buffer);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The 32-byte HMAC as a value the dictionary compares and hashes without allocating.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Digest(ulong A, ulong B, ulong C, ulong D);
}
