using System.Numerics;

namespace Interchange.Audit.Merkle;

/// <summary>
/// Inclusion and consistency proofs of RFC 9162 §2.1.3–2.1.4: building them from the log's leaf
/// hashes, and checking them with nothing but hashes, sizes and roots, as an outside auditor does.
/// </summary>
/// <remarks>
/// Proofs are built from leaf hashes read by index, recomputing each sibling subtree's root: a
/// proof costs O(n) hashes. Subtrees at power-of-two-aligned positions never change in an
/// append-only log, so caching their roots (making proofs O(log n)) is left for when the log is
/// large enough to need it. Callers should read the range of leaf hashes in bulk and index into
/// it; the delegate is called once for every leaf except the proven one.
/// </remarks>
public static class MerkleProofs
{
    /// <summary>PATH(index, D[0:treeSize]) of RFC 9162 §2.1.3.1, nearest sibling first.</summary>
    /// <param name="leafHashAt">The leaf hash at an index below <paramref name="treeSize"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The index is not in the tree.</exception>
    /// <exception cref="InvalidOperationException">The leaf source returned something that is not a hash.</exception>
    public static IReadOnlyList<byte[]> InclusionProof(long index, long treeSize, Func<long, byte[]> leafHashAt)
    {
        ArgumentNullException.ThrowIfNull(leafHashAt);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, treeSize);

        // Walk down from the root, taking the sibling of the half that holds the leaf; the RFC
        // lists them from the leaf upwards, hence the reverse.
        var path = new List<byte[]>();
        long start = 0, size = treeSize, m = index;
        while (size > 1)
        {
            var k = LargestPowerOfTwoBelow(size);
            if (m < k)
            {
                path.Add(SubtreeRoot(start + k, size - k, leafHashAt));
                size = k;
            }
            else
            {
                path.Add(SubtreeRoot(start, k, leafHashAt));
                start += k;
                m -= k;
                size -= k;
            }
        }

        path.Reverse();
        return path;
    }

    /// <summary>
    /// PROOF(first, D[0:second]) of RFC 9162 §2.1.4.1 (SUBPROOF with b = true). Empty when
    /// <paramref name="first"/> is 0 or equals <paramref name="second"/>: every tree extends the
    /// empty tree and itself.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0 ≤ first ≤ second.</exception>
    /// <exception cref="InvalidOperationException">The leaf source returned something that is not a hash.</exception>
    public static IReadOnlyList<byte[]> ConsistencyProof(long first, long second, Func<long, byte[]> leafHashAt)
    {
        ArgumentNullException.ThrowIfNull(leafHashAt);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, second);

        var proof = new List<byte[]>();
        if (first == 0)
        {
            return proof;
        }

        long start = 0, size = second, m = first;
        var firstIsWholeSubtree = true;
        while (m != size)
        {
            var k = LargestPowerOfTwoBelow(size);
            if (m <= k)
            {
                proof.Add(SubtreeRoot(start + k, size - k, leafHashAt));
                size = k;
            }
            else
            {
                proof.Add(SubtreeRoot(start, k, leafHashAt));
                start += k;
                m -= k;
                size -= k;
                firstIsWholeSubtree = false;
            }
        }

        // SUBPROOF(m, D[m], false) = {MTH(D[m])}: the old tree's last subtree is only needed when
        // the verifier cannot take it from the old root, i.e. once the walk has gone right.
        if (!firstIsWholeSubtree)
        {
            proof.Add(SubtreeRoot(start, size, leafHashAt));
        }

        proof.Reverse();
        return proof;
    }

    /// <summary>
    /// Checks an inclusion proof (RFC 9162 §2.1.3.2). False, never an exception, for any malformed
    /// input: wrong hash lengths, a null proof or element, an index outside the tree, a proof too
    /// short or too long.
    /// </summary>
    /// <remarks>
    /// The proof binds the leaf to <paramref name="root"/>; it is the signed checkpoint that binds
    /// the root to <paramref name="treeSize"/>, so both must come from the same checkpoint. (Trees
    /// of different sizes can give a leaf paths of the same shape.)
    /// </remarks>
    public static bool VerifyInclusion(ReadOnlySpan<byte> leafHash, long index, long treeSize, IReadOnlyList<byte[]>? proof, ReadOnlySpan<byte> root)
    {
        if (proof is null || leafHash.Length != MerkleHash.Size || root.Length != MerkleHash.Size
            || index < 0 || index >= treeSize)
        {
            return false;
        }

        var fn = index;
        var sn = treeSize - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0 || !IsHash(p))
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHash.NodeHash(p, r);
                // On the right edge a node with no right sibling is promoted unchanged; skip its levels.
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = MerkleHash.NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>
    /// Checks that the tree of size <paramref name="second"/> extends the one of size
    /// <paramref name="first"/> (RFC 9162 §2.1.4.2), i.e. that no leaf below
    /// <paramref name="first"/> was changed, removed, inserted or reordered. False, never an
    /// exception, for any malformed input.
    /// </summary>
    /// <remarks>
    /// Equal sizes need an empty proof and equal roots; size 0 needs an empty proof and the empty
    /// root as <paramref name="firstRoot"/>.
    /// </remarks>
    public static bool VerifyConsistency(long first, long second, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]>? proof)
    {
        if (proof is null || firstRoot.Length != MerkleHash.Size || secondRoot.Length != MerkleHash.Size
            || first < 0 || first > second)
        {
            return false;
        }

        if (first == second)
        {
            return proof.Count == 0 && firstRoot.SequenceEqual(secondRoot);
        }

        if (first == 0)
        {
            return proof.Count == 0 && firstRoot.SequenceEqual(MerkleHash.EmptyRoot());
        }

        if (proof.Count == 0)
        {
            return false;
        }

        // A power-of-two first tree is itself a subtree of the second, so the prover left its root
        // out and the verifier starts from it.
        var path = new List<byte[]>(proof.Count + 1);
        if (BitOperations.IsPow2(first))
        {
            path.Add(firstRoot.ToArray());
        }

        foreach (var hash in proof)
        {
            if (!IsHash(hash))
            {
                return false;
            }

            path.Add(hash);
        }

        var fn = first - 1;
        var sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = path[0];
        var sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHash.NodeHash(c, fr);
                sr = MerkleHash.NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = MerkleHash.NodeHash(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot);
    }

    private static bool IsHash(byte[]? hash) => hash is not null && hash.Length == MerkleHash.Size;

    /// <summary>The k of RFC 9162: the largest power of two smaller than n (n ≥ 2).</summary>
    private static long LargestPowerOfTwoBelow(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    /// <summary>MTH(D[start:start+count]), computed afresh from the leaf hashes.</summary>
    private static byte[] SubtreeRoot(long start, long count, Func<long, byte[]> leafHashAt)
    {
        var tree = new MerkleTree();
        for (var i = start; i < start + count; i++)
        {
            var leaf = leafHashAt(i);
            if (!IsHash(leaf))
            {
                throw new InvalidOperationException($"The leaf hash source returned no {MerkleHash.Size}-byte hash for index {i}.");
            }

            tree.Append(leaf);
        }

        return tree.Root();
    }
}
