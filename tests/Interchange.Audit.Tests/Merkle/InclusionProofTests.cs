using Interchange.Audit.Merkle;

namespace Interchange.Audit.Tests.Merkle;

public sealed class InclusionProofTests
{
    private const int MaxSize = 32;

    private static readonly byte[][] Entries = NaiveMerkle.Entries(MaxSize + 1);
    private static readonly byte[][] Leaves = Entries.Select(NaiveMerkle.Leaf).ToArray();
    private static readonly byte[][] Roots = Enumerable.Range(0, MaxSize + 2).Select(n => NaiveMerkle.Mth(Entries[..n])).ToArray();

    public static TheoryData<int> Sizes() => [.. Enumerable.Range(1, MaxSize)];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void InclusionProof_EveryIndex_EqualsTheRfcPathAndVerifies(int size)
    {
        for (var index = 0; index < size; index++)
        {
            var proof = MerkleProofs.InclusionProof(index, size, LeafSource(size));

            Assert.Equal(NaiveMerkle.Hex(NaiveMerkle.Path(index, Entries[..size])), NaiveMerkle.Hex(proof));
            Assert.True(MerkleProofs.VerifyInclusion(Leaves[index], index, size, proof, Roots[size]));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void VerifyInclusion_AlteredLeafIndexSizeProofOrRoot_Fails(int size)
    {
        for (var index = 0; index < size; index++)
        {
            var proof = MerkleProofs.InclusionProof(index, size, LeafSource(size));
            var leaf = Leaves[index];
            var root = Roots[size];

            Assert.False(MerkleProofs.VerifyInclusion(MerkleHash.LeafHash([.. Entries[index], 0x00]), index, size, proof, root));
            Assert.False(MerkleProofs.VerifyInclusion(Flip(leaf, 31), index, size, proof, root));
            for (var other = -1; other <= size; other++)
            {
                if (other != index)
                {
                    Assert.False(MerkleProofs.VerifyInclusion(leaf, other, size, proof, root));
                }

                if (other != index && other >= 0 && other < size)
                {
                    Assert.False(MerkleProofs.VerifyInclusion(Leaves[other], index, size, proof, root));
                }
            }

            // A root means something only with its size (the checkpoint signs both), so a changed
            // size is checked against the root a tree of that size has.
            for (var otherSize = index + 1; otherSize <= MaxSize + 1; otherSize++)
            {
                if (otherSize != size)
                {
                    Assert.False(MerkleProofs.VerifyInclusion(leaf, index, otherSize, proof, Roots[otherSize]));
                }
            }

            for (var i = 0; i < proof.Count; i++)
            {
                var altered = proof.ToList();
                altered[i] = Flip(altered[i], i % MerkleHash.Size);
                Assert.False(MerkleProofs.VerifyInclusion(leaf, index, size, altered, root));
                Assert.False(MerkleProofs.VerifyInclusion(leaf, index, size, proof.Where((_, j) => j != i).ToList(), root));
            }

            Assert.False(MerkleProofs.VerifyInclusion(leaf, index, size, [.. proof, Leaves[0]], root));
            Assert.False(MerkleProofs.VerifyInclusion(leaf, index, size, [Leaves[0], .. proof], root));
            Assert.False(MerkleProofs.VerifyInclusion(leaf, index, size, proof, Flip(root, index % MerkleHash.Size)));
            Assert.False(MerkleProofs.VerifyInclusion(leaf, index, size, proof, Roots[size - 1]));
        }
    }

    [Fact]
    public void VerifyInclusion_MalformedInput_ReturnsFalseWithoutThrowing()
    {
        var proof = MerkleProofs.InclusionProof(2, 5, LeafSource(5));
        var leaf = Leaves[2];
        var root = Roots[5];
        Assert.True(MerkleProofs.VerifyInclusion(leaf, 2, 5, proof, root));

        Assert.False(MerkleProofs.VerifyInclusion(leaf, 2, 5, null, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 2, 5, [proof[0], null!, proof[2]], root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 2, 5, [proof[0], proof[1][..31], proof[2]], root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 2, 5, [proof[0], [.. proof[1], 0], proof[2]], root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf.AsSpan(0, 31), 2, 5, proof, root));
        Assert.False(MerkleProofs.VerifyInclusion([], 2, 5, proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 2, 5, proof, root.AsSpan(0, 31)));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 2, 5, proof, []));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, -1, 5, proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 5, 5, proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, long.MaxValue, 5, proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 0, 0, [], root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 0, -5, [], root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 2, long.MaxValue, proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 2, 5, Enumerable.Repeat(leaf, 200).ToList(), root));
    }

    [Fact]
    public void VerifyInclusion_SingleLeafTree_NeedsAnEmptyProofAndTheLeafAsRoot()
    {
        Assert.Empty(MerkleProofs.InclusionProof(0, 1, LeafSource(1)));
        Assert.True(MerkleProofs.VerifyInclusion(Leaves[0], 0, 1, [], Leaves[0]));
        Assert.False(MerkleProofs.VerifyInclusion(Leaves[0], 0, 1, [Leaves[1]], Leaves[0]));
        Assert.False(MerkleProofs.VerifyInclusion(Leaves[1], 0, 1, [], Leaves[0]));
    }

    [Theory]
    [InlineData(-1, 5)]
    [InlineData(5, 5)]
    [InlineData(0, 0)]
    public void InclusionProof_IndexOutsideTheTree_Throws(long index, long size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.InclusionProof(index, size, LeafSource(MaxSize)));
    }

    [Fact]
    public void InclusionProof_LeafSourceReturningNoHash_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => MerkleProofs.InclusionProof(0, 4, i => i == 3 ? new byte[31] : Leaves[i]));
        Assert.Throws<InvalidOperationException>(() => MerkleProofs.InclusionProof(0, 2, _ => null!));
    }

    /// <summary>Leaf hashes by index; fails the test if a proof for a tree reads a leaf beyond it.</summary>
    internal static Func<long, byte[]> LeafSource(int size) => index =>
    {
        Assert.InRange(index, 0, size - 1);
        return Leaves[index];
    };

    internal static byte[] Flip(byte[] hash, int at)
    {
        var copy = (byte[])hash.Clone();
        copy[at] ^= 0x01;
        return copy;
    }
}
