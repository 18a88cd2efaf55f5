using System.Security.Cryptography;
using Interchange.Audit.Merkle;

namespace Interchange.Audit.Tests.Merkle;

public sealed class MerkleTreeTests
{
    [Fact]
    public void Root_EmptyTree_IsSha256OfNothing()
    {
        var tree = new MerkleTree();

        Assert.Equal(0, tree.Size);
        Assert.Equal(SHA256.HashData(Array.Empty<byte>()), tree.Root());
    }

    [Fact]
    public void Root_LeavesEmptyAndAAndB_MatchesHashesComputedByHand()
    {
        var leafEmpty = SHA256.HashData(new byte[] { 0x00 });
        var leafA = SHA256.HashData(new byte[] { 0x00, (byte)'a' });
        var leafB = SHA256.HashData(new byte[] { 0x00, (byte)'b' });
        var rootOfTwo = SHA256.HashData(NaiveMerkle.Concat([0x01], leafEmpty, leafA));
        var rootOfThree = SHA256.HashData(NaiveMerkle.Concat([0x01], rootOfTwo, leafB));
        var tree = new MerkleTree();

        tree.Append(MerkleHash.LeafHash([]));
        var one = tree.Root();
        tree.Append(MerkleHash.LeafHash("a"u8));
        var two = tree.Root();
        tree.Append(MerkleHash.LeafHash("b"u8));
        var three = tree.Root();

        Assert.Equal(leafEmpty, one);
        Assert.Equal(rootOfTwo, two);
        // Also computed outside .NET (python3 hashlib), so the test does not only agree with itself.
        Assert.Equal("688DC6244B041199E7AB4990DF6340CE3DC14CAA5CD5A0E1131ADDAA1209E1A6", Convert.ToHexString(two));
        Assert.Equal(rootOfThree, three);
        Assert.Equal("652297B9504045A600942BCDF9AE5C2400BE42D51139C7FB63AB3EE439FF110D", Convert.ToHexString(three));
    }

    [Fact]
    public void Root_AfterEachAppendUpTo64_EqualsTheRecursiveDefinition()
    {
        var entries = NaiveMerkle.Entries(64);
        var tree = new MerkleTree();
        Assert.Equal(NaiveMerkle.Mth([]), tree.Root());

        for (var n = 1; n <= 64; n++)
        {
            var index = tree.Append(MerkleHash.LeafHash(entries[n - 1]));

            Assert.Equal(n - 1, index);
            Assert.Equal(n, tree.Size);
            Assert.Equal(Convert.ToHexString(NaiveMerkle.Mth(entries[..n])), Convert.ToHexString(tree.Root()));
        }
    }

    [Fact]
    public void Frontier_HoldsOneHashPerSetBitOfTheSize()
    {
        var tree = new MerkleTree();
        for (var n = 1; n <= 64; n++)
        {
            tree.Append(MerkleHash.LeafHash([(byte)n]));

            Assert.Equal(System.Numerics.BitOperations.PopCount((uint)n), tree.Frontier().Count);
        }
    }

    [Fact]
    public void Restore_FromFrontierAtEverySize_ContinuesWithTheSameRoots()
    {
        var entries = NaiveMerkle.Entries(40);
        for (var saved = 0; saved <= 40; saved++)
        {
            var original = new MerkleTree();
            foreach (var entry in entries[..saved])
            {
                original.Append(MerkleHash.LeafHash(entry));
            }

            var restored = MerkleTree.Restore(original.Size, original.Frontier());
            Assert.Equal(original.Root(), restored.Root());
            foreach (var entry in entries[saved..])
            {
                restored.Append(MerkleHash.LeafHash(entry));
            }

            Assert.Equal(40, restored.Size);
            Assert.Equal(NaiveMerkle.Mth(entries), restored.Root());
        }
    }

    [Fact]
    public void Restore_FrontierThatDoesNotFitTheSize_Throws()
    {
        var hash = new byte[MerkleHash.Size];

        Assert.Throws<ArgumentException>(() => MerkleTree.Restore(3, [hash]));
        Assert.Throws<ArgumentException>(() => MerkleTree.Restore(1, [new byte[31]]));
        Assert.Throws<ArgumentException>(() => MerkleTree.Restore(0, [hash]));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.Restore(-1, []));
    }

    [Fact]
    public void Root_ChangingAReturnedArray_DoesNotChangeTheTree()
    {
        var tree = new MerkleTree();
        tree.Append(MerkleHash.LeafHash("a"u8));
        var before = tree.Root();

        tree.Root()[0] ^= 0xFF;
        tree.Frontier()[0][0] ^= 0xFF;

        Assert.Equal(before, tree.Root());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Append_SomethingThatIsNotAHash_ThrowsAndLeavesTheTreeUnchanged(int length)
    {
        var tree = new MerkleTree();

        Assert.Throws<ArgumentException>(() => tree.Append(new byte[length]));
        Assert.Equal(0, tree.Size);
    }
}
