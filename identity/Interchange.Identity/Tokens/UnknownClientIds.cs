using System.Security.Cryptography;
using System.Text;
using Interchange.Core.Secrets;

namespace Interchange.Identity.Tokens;

/// <summary>
/// How a claimed client id that names no client goes on the append-only audit record: <c>unknown:</c> and the first
/// 8 hex digits of its HMAC-SHA-256 under a per-deployment key. Whatever was typed into <c>client_id</c> (a secret
/// pasted into the wrong field, a long string) is then never stored, while repeated attempts with one value still
/// show as one value to whoever reads the log. Without the key nobody can test a guess against the record.
/// </summary>
public sealed class UnknownClientIds : IDisposable
{
    public const int KeySize = 32;
    public const string Prefix = "unknown:";

    private readonly byte[] _key;

    public UnknownClientIds(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"The client id hash key must be {KeySize} bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>Loads the key file (<see cref="IdentityServerOptions.ClientIdKeyPath"/>), creating it only when <paramref name="mayGenerate"/>.</summary>
    public static UnknownClientIds FromFile(string keyPath, bool mayGenerate)
    {
        var key = SecretFiles.LoadOrCreate(Path.GetFullPath(keyPath), KeySize, mayGenerate, "client id hash key");
        try
        {
            return new UnknownClientIds(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The bounded, non-secret form of a claimed client id that is not a registered client.</summary>
    public string Describe(string claimed)
    {
        var bytes = Encoding.UTF8.GetBytes(claimed);
        try
        {
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(_key, bytes, mac);
            return Prefix + Convert.ToHexStringLower(mac[..4]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
