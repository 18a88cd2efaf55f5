using System.Security.Cryptography;
using System.Text;
using Interchange.Core.Secrets;

namespace Interchange.Audit.Subjects;

/// <summary>
/// Turns a data subject's identifier (an id number, a unified social credit code) into the keyed hash the
/// audit log stores instead: HMAC-SHA-256 under a per-deployment key, as 64 lowercase hex digits. Without
/// the key nobody can test a guessed identifier against the log (id numbers are few enough to enumerate);
/// with it, the subject access report finds every access to one subject's data.
/// </summary>
/// <remarks>
/// Identifiers are compared as written on the record, trimmed and upper-cased (invariant), so
/// <c>11010519491231002x</c> and <c>11010519491231002X</c> are one subject. The key is 32 random bytes in
/// a file (mode 600) that the gateway and the catalogue share; it is generated only in development.
/// Changing it starts new hashes: earlier records then no longer match a report.
/// </remarks>
public sealed class SubjectHasher : IDisposable
{
    public const int KeySize = 32;

    /// <summary>Identifiers longer than this are not identifiers; they are not hashed or looked up.</summary>
    public const int MaxSubjectLength = 128;

    private readonly byte[] _key;

    public SubjectHasher(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"The subject hash key must be {KeySize} bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>Loads the key file, creating it only when <paramref name="mayGenerate"/> (development).</summary>
    public static SubjectHasher FromFile(string keyPath, bool mayGenerate)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPath);
        var key = SecretFiles.LoadOrCreate(Path.GetFullPath(keyPath), KeySize, mayGenerate, "subject hash key");
        try
        {
            return new SubjectHasher(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The identifier as it is hashed, or null when it is empty or longer than <see cref="MaxSubjectLength"/>.</summary>
    public static string? Normalise(string? subject)
    {
        var trimmed = subject?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxSubjectLength ? null : trimmed.ToUpperInvariant();
    }

    /// <summary>The keyed hash of one identifier, or null when <see cref="Normalise"/> rejects it.</summary>
    public string? Hash(string? subject)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        return Hash(hmac, subject);
    }

    /// <summary>
    /// The hashes of every identifier in <paramref name="subjects"/> in the form an <see cref="AuditRecord"/>
    /// holds them: distinct and in ascending order (which also hides the order the records came in).
    /// </summary>
    public IReadOnlyList<string> HashAll(IEnumerable<string> subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        // One keyed HMAC state for the whole page, reset after each identifier: a page of personal records has
        // tens of subjects, and setting up the key per identifier cost more than hashing it.
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        var hashes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var subject in subjects)
        {
            if (Hash(hmac, subject) is { } hash)
            {
                hashes.Add(hash);
            }
        }

        return hashes.Count == 0 ? [] : [.. hashes];
    }

    private static string? Hash(IncrementalHash hmac, string? subject)
    {
        var normal = Normalise(subject);
        if (normal is null)
        {
            return null;
        }

        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(MaxSubjectLength)];
        var length = Encoding.UTF8.GetBytes(normal, utf8);
        hmac.AppendData(utf8[..length]);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        hmac.GetHashAndReset(mac);
        return Convert.ToHexStringLower(mac);
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
