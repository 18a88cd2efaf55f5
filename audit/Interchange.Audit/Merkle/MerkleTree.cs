using System.Numerics;

namespace Interchange.Audit.Merkle;

/// <summary>
/// The head of an append-only RFC 9162 tree, kept incrementally: only the roots of the perfect
/// subtrees along the right edge (one per set bit of <see cref="Size"/>) are held, so an append
/// costs O(log n) hashes and memory stays O(log n) however long the log grows. Proofs, which need
/// interior nodes, are served by <see cref="MerkleProofs"/> from the leaf hashes.
/// </summary>
/// <remarks>Not thread-safe: the log's single writer owns its tree.</remarks>
public sealed class MerkleTree
{
    // Oldest (largest, leftmost) subtree first; the last entry is the smallest, rightmost one.
    private readonly List<byte[]> _frontier = [];

    /// <summary>Number of leaves appended.</summary>
    public long Size { get; private set; }

    /// <summary>
    /// Restores a tree from a frontier saved with <see cref="Frontier"/>, so a log can resume
    /// without rereading every leaf.
    /// </summary>
    /// <exception cref="ArgumentException">The frontier does not fit the size.</exception>
    public static MerkleTree Restore(long size, IReadOnlyList<byte[]> frontier)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(frontier);
        if (frontier.Count != BitOperations.PopCount((ulong)size))
        {
            throw new ArgumentException("A tree of this size has one frontier hash per set bit of its size.", nameof(frontier));
        }

        var tree = new MerkleTree { Size = size };
        foreach (var hash in frontier)
        {
            if (hash is null || hash.Length != MerkleHash.Size)
            {
                throw new ArgumentException($"Every frontier hash must be {MerkleHash.Size} bytes.", nameof(frontier));
            }

            tree._frontier.Add((byte[])hash.Clone());
        }

        return tree;
    }

    /// <summary>Appends one leaf hash (<see cref="MerkleHash.LeafHash"/> of an entry) and returns its index.</summary>
    /// <exception cref="ArgumentException">The hash is not <see cref="MerkleHash.Size"/> bytes.</exception>
    public long Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A leaf hash is {MerkleHash.Size} bytes.", nameof(leafHash));
        }

        var hash = leafHash.ToArray();
        // Each trailing 1 bit of the old size is a perfect subtree as tall as the one the new leaf
        // completes, so they merge like a binary counter's carries.
        for (var carry = Size; (carry & 1) == 1; carry >>= 1)
        {
            hash = MerkleHash.NodeHash(_frontier[^1], hash);
            _frontier.RemoveAt(_frontier.Count - 1);
        }

        _frontier.Add(hash);
        return Size++;
    }

    /// <summary>The tree head MTH(D[0:Size]) of RFC 9162 §2.1.1; the empty root when no leaf was appended.</summary>
    public byte[] Root()
    {
        if (_frontier.Count == 0)
        {
            return MerkleHash.EmptyRoot();
        }

        // MTH splits at the largest power of two below n, which is exactly the frontier's
        // decomposition, so folding from the right rebuilds the root.
        var root = (byte[])_frontier[^1].Clone();
        for (var i = _frontier.Count - 2; i >= 0; i--)
        {
            root = MerkleHash.NodeHash(_frontier[i], root);
        }

        return root;
    }

    /// <summary>A copy of the right-edge subtree roots, largest first; with <see cref="Size"/> it restores the tree.</summary>
    public IReadOnlyList<byte[]> Frontier() => _frontier.Select(h => (byte[])h.Clone()).ToList();
}
