using System.Security.Cryptography;

namespace Interchange.Audit.Merkle;

/// <summary>
/// The two hashes of RFC 9162 §2.1. The one-byte prefix (0x00 for a leaf, 0x01 for an interior
/// node) keeps the two domains apart, so no entry can be passed off as a subtree and no subtree as
/// an entry (SECURITY 26): without it, the concatenation of two child hashes would be an entry
/// whose leaf hash equals their parent's hash.
/// </summary>
public static class MerkleHash
{
    /// <summary>Length in bytes of every leaf, node and root hash (SHA-256).</summary>
    public const int Size = SHA256.HashSizeInBytes;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    /// <summary><c>SHA-256(0x00 || entry)</c>; the entry is a record's canonical bytes.</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> entry)
    {
        // Incremental, so a large entry is not copied just to put one byte in front of it.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        ReadOnlySpan<byte> prefix = [LeafPrefix];
        hash.AppendData(prefix);
        hash.AppendData(entry);
        return hash.GetHashAndReset();
    }

    /// <summary><c>SHA-256(0x01 || left || right)</c> of two 32-byte child hashes.</summary>
    /// <exception cref="ArgumentException">A child is not <see cref="Size"/> bytes long.</exception>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        // RFC 9162 would hash any lengths, but in this tree a child is always a hash; anything
        // else is a caller's bug, and accepting it would blur the leaf/node boundary again.
        if (left.Length != Size || right.Length != Size)
        {
            throw new ArgumentException($"Both children must be {Size}-byte hashes.");
        }

        Span<byte> input = stackalloc byte[1 + (2 * Size)];
        input[0] = NodePrefix;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + Size)..]);
        return SHA256.HashData(input);
    }

    /// <summary>The root of the empty tree, <c>SHA-256("")</c>. A fresh array on every call, so no caller can change another's.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);
}
