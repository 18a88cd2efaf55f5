using Interchange.Audit.Merkle;

namespace Interchange.Audit.Tests.Merkle;

public sealed class ConsistencyProofTests
{
    private const int MaxSize = 32;

    private static readonly byte[][] Entries = NaiveMerkle.Entries(MaxSize + 1);
    private static readonly byte[][] Leaves = Entries.Select(NaiveMerkle.Leaf).ToArray();
    private static readonly byte[][] Roots = Enumerable.Range(0, MaxSize + 2).Select(n => NaiveMerkle.Mth(Entries[..n])).ToArray();

    public static TheoryData<int> Sizes() => [.. Enumerable.Range(1, MaxSize)];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ConsistencyProof_EveryOlderSize_EqualsTheRfcProofAndVerifies(int second)
    {
        for (var first = 1; first <= second; first++)
        {
            var proof = MerkleProofs.ConsistencyProof(first, second, LeafSource(second));

            Assert.Equal(NaiveMerkle.Hex(NaiveMerkle.Proof(first, Entries[..second])), NaiveMerkle.Hex(proof));
            Assert.True(MerkleProofs.VerifyConsistency(first, second, Roots[first], Roots[second], proof));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void VerifyConsistency_AlteredSizesRootsOrProof_Fails(int second)
    {
        for (var first = 1; first <= second; first++)
        {
            var proof = MerkleProofs.ConsistencyProof(first, second, LeafSource(second));
            var firstRoot = Roots[first];
            var secondRoot = Roots[second];

            Assert.False(MerkleProofs.VerifyConsistency(first, second, InclusionProofTests.Flip(firstRoot, first % 32), secondRoot, proof));
            Assert.False(MerkleProofs.VerifyConsistency(first, second, firstRoot, InclusionProofTests.Flip(secondRoot, second % 32), proof));
            if (first != second)
            {
                Assert.False(MerkleProofs.VerifyConsistency(first, second, secondRoot, firstRoot, proof));
            }

            Assert.False(MerkleProofs.VerifyConsistency(first, second, firstRoot, secondRoot, [.. proof, Leaves[0]]));
            Assert.False(MerkleProofs.VerifyConsistency(first, second, firstRoot, secondRoot, [Leaves[0], .. proof]));
            for (var i = 0; i < proof.Count; i++)
            {
                var altered = proof.ToList();
                altered[i] = InclusionProofTests.Flip(altered[i], i);
                Assert.False(MerkleProofs.VerifyConsistency(first, second, firstRoot, secondRoot, altered));
                Assert.False(MerkleProofs.VerifyConsistency(first, second, firstRoot, secondRoot, proof.Where((_, j) => j != i).ToList()));
            }

            // A root means something only with its size (the checkpoint signs both), so a changed
            // size is checked against the root a tree of that size has.
            for (var otherFirst = 1; otherFirst <= MaxSize + 1; otherFirst++)
            {
                if (otherFirst != first)
                {
                    Assert.False(MerkleProofs.VerifyConsistency(otherFirst, second, Roots[otherFirst], secondRoot, proof));
                }
            }

            for (var otherSecond = 1; otherSecond <= MaxSize + 1; otherSecond++)
            {
                if (otherSecond != second)
                {
                    Assert.False(MerkleProofs.VerifyConsistency(first, otherSecond, firstRoot, Roots[otherSecond], proof));
                }
            }
        }
    }

    [Fact]
    public void VerifyConsistency_EqualSizes_NeedsAnEmptyProofAndEqualRoots()
    {
        Assert.Empty(MerkleProofs.ConsistencyProof(7, 7, LeafSource(7)));
        Assert.True(MerkleProofs.VerifyConsistency(7, 7, Roots[7], Roots[7], []));
        Assert.False(MerkleProofs.VerifyConsistency(7, 7, Roots[7], Roots[8], []));
        Assert.False(MerkleProofs.VerifyConsistency(7, 7, Roots[7], Roots[7], [Leaves[0]]));
    }

    [Fact]
    public void VerifyConsistency_FromTheEmptyTree_NeedsAnEmptyProofAndTheEmptyRoot()
    {
        var proof = MerkleProofs.ConsistencyProof(0, 9, LeafSource(9));

        Assert.Empty(proof);
        Assert.True(MerkleProofs.VerifyConsistency(0, 9, MerkleHash.EmptyRoot(), Roots[9], proof));
        Assert.True(MerkleProofs.VerifyConsistency(0, 0, MerkleHash.EmptyRoot(), MerkleHash.EmptyRoot(), proof));
        Assert.False(MerkleProofs.VerifyConsistency(0, 9, Roots[1], Roots[9], proof));
        Assert.False(MerkleProofs.VerifyConsistency(0, 9, MerkleHash.EmptyRoot(), Roots[9], [Leaves[0]]));
    }

    [Fact]
    public void VerifyConsistency_MalformedInput_ReturnsFalseWithoutThrowing()
    {
        var proof = MerkleProofs.ConsistencyProof(3, 7, LeafSource(7));
        Assert.True(MerkleProofs.VerifyConsistency(3, 7, Roots[3], Roots[7], proof));

        Assert.False(MerkleProofs.VerifyConsistency(3, 7, Roots[3], Roots[7], null));
        Assert.False(MerkleProofs.VerifyConsistency(3, 7, Roots[3], Roots[7], [proof[0], null!, .. proof.Skip(2)]));
        Assert.False(MerkleProofs.VerifyConsistency(3, 7, Roots[3], Roots[7], [proof[0][..31], .. proof.Skip(1)]));
        Assert.False(MerkleProofs.VerifyConsistency(3, 7, Roots[3], Roots[7], []));
        Assert.False(MerkleProofs.VerifyConsistency(3, 7, Roots[3].AsSpan(0, 31), Roots[7], proof));
        Assert.False(MerkleProofs.VerifyConsistency(3, 7, Roots[3], [], proof));
        Assert.False(MerkleProofs.VerifyConsistency(7, 3, Roots[7], Roots[3], proof));
        Assert.False(MerkleProofs.VerifyConsistency(-3, 7, Roots[3], Roots[7], proof));
        Assert.False(MerkleProofs.VerifyConsistency(3, -7, Roots[3], Roots[7], proof));
        Assert.False(MerkleProofs.VerifyConsistency(3, long.MaxValue, Roots[3], Roots[7], proof));
        Assert.False(MerkleProofs.VerifyConsistency(long.MaxValue - 1, long.MaxValue, Roots[3], Roots[7], proof));
        Assert.False(MerkleProofs.VerifyConsistency(3, 7, Roots[3], Roots[7], Enumerable.Repeat(Leaves[0], 200).ToList()));
    }

    [Theory]
    [InlineData(-1, 5)]
    [InlineData(6, 5)]
    public void ConsistencyProof_SizesOutOfOrder_Throws(long first, long second)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.ConsistencyProof(first, second, LeafSource(MaxSize)));
    }

    private static Func<long, byte[]> LeafSource(int size) => index =>
    {
        Assert.InRange(index, 0, size - 1);
        return Leaves[index];
    };
}
