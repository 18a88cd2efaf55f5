using Interchange.Audit.Merkle;

namespace Interchange.Audit.Proofs;

/// <summary>The size of the log and the RFC 9162 root of its first <see cref="Size"/> leaves.</summary>
public sealed record TreeHead
{
    private readonly byte[] _root;

    /// <exception cref="ArgumentOutOfRangeException">The size is negative.</exception>
    /// <exception cref="ArgumentException">The root is not a <see cref="MerkleHash.Size"/>-byte hash.</exception>
    public TreeHead(long size, ReadOnlySpan<byte> root)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (root.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A root is a {MerkleHash.Size}-byte hash.", nameof(root));
        }

        Size = size;
        _root = root.ToArray();
    }

    public long Size { get; }

    /// <summary>The root hash; read-only, so a head can be shared between callers.</summary>
    public ReadOnlyMemory<byte> Root => _root;

    // A record compares arrays by reference; two heads are equal when their bytes are.
    public bool Equals(TreeHead? other) =>
        other is not null && Size == other.Size && _root.AsSpan().SequenceEqual(other._root);

    public override int GetHashCode() => HashCode.Combine(Size, BitConverter.ToInt32(_root, 0));

    public override string ToString() => $"TreeHead {{ Size = {Size}, Root = {Convert.ToBase64String(_root)} }}";
}
