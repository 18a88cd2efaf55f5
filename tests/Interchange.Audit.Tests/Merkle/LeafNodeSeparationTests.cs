using System.Security.Cryptography;
using System.Text;
using Interchange.Audit.Merkle;

namespace Interchange.Audit.Tests.Merkle;

/// <summary>
/// SECURITY 26: the classic second-preimage attack on Merkle trees, where an interior node's
/// children are passed off as an entry, or a leaf as an interior node. Each case is shown to
/// succeed in a tree without the 0x00/0x01 prefixes, so the test proves the prefixes stop it.
/// </summary>
public sealed class LeafNodeSeparationTests
{
    private static readonly byte[][] Entries = [.. new[] { "e0", "e1", "e2", "e3" }.Select(Encoding.UTF8.GetBytes)];

    [Fact]
    public void LeafHash_OfTwoChildHashesConcatenated_DiffersFromTheirNodeHash()
    {
        var leaves = Entries.Select(e => MerkleHash.LeafHash(e)).ToArray();
        var fakeEntry = NaiveMerkle.Concat(leaves[0], leaves[1]);

        Assert.NotEqual(MerkleHash.NodeHash(leaves[0], leaves[1]), MerkleHash.LeafHash(fakeEntry));
        // Even the exact bytes a node hash is taken over give another hash as a leaf.
        Assert.NotEqual(MerkleHash.NodeHash(leaves[0], leaves[1]), MerkleHash.LeafHash([0x01, .. fakeEntry]));
    }

    [Fact]
    public void VerifyInclusion_InteriorNodesChildrenPresentedAsAnEntry_FailsAtEveryIndexAndSize()
    {
        var tree = Tree(Entries);
        var leaves = Entries.Select(e => MerkleHash.LeafHash(e)).ToArray();
        var left = MerkleHash.NodeHash(leaves[0], leaves[1]);
        var right = MerkleHash.NodeHash(leaves[2], leaves[3]);
        var root = tree.Root();
        var fakeEntry = NaiveMerkle.Concat(leaves[0], leaves[1]);
        var fakeLeaf = MerkleHash.LeafHash(fakeEntry);

        // The attacker's path is genuine: it proves the interior node itself...
        Assert.True(MerkleProofs.VerifyInclusion(left, 0, 2, [right], root));
        // ...but no entry hashes to an interior node, so the fake entry is not in the log.
        Assert.False(MerkleProofs.VerifyInclusion(fakeLeaf, 0, 2, [right], root));
        for (var size = 1; size <= 4; size++)
        {
            for (var index = 0; index < size; index++)
            {
                var genuine = MerkleProofs.InclusionProof(index, 4, i => leaves[i]);
                Assert.False(MerkleProofs.VerifyInclusion(fakeLeaf, index, size, genuine, root));
                Assert.False(MerkleProofs.VerifyInclusion(fakeLeaf, index, size, [right], root));
            }
        }

        // Without the prefixes the same forgery verifies.
        var plainRoot = Plain(Plain(Plain(Entries[0]), Plain(Entries[1])), Plain(Plain(Entries[2]), Plain(Entries[3])));
        var plainFake = NaiveMerkle.Concat(Plain(Entries[0]), Plain(Entries[1]));
        Assert.Equal(plainRoot, Plain(Plain(plainFake), Plain(Plain(Entries[2]), Plain(Entries[3]))));
    }

    [Fact]
    public void VerifyInclusion_LeafPresentedAsAnInteriorNode_Fails()
    {
        // The log holds two entries: x, and y whose bytes happen to be two leaf hashes (of a, b).
        var a = "a"u8.ToArray();
        var b = "b"u8.ToArray();
        var x = "x"u8.ToArray();
        var y = NaiveMerkle.Concat(MerkleHash.LeafHash(a), MerkleHash.LeafHash(b));
        var root = Tree([x, y]).Root();

        // The attacker claims a 4-leaf tree whose left half is leaf x and whose right half is the
        // node (a, b), and proves a at index 2: leaf x stands in for an interior node, and the
        // node (a, b) for leaf y.
        var forged = MerkleProofs.VerifyInclusion(MerkleHash.LeafHash(a), 2, 4, [MerkleHash.LeafHash(b), MerkleHash.LeafHash(x)], root);

        Assert.False(forged);
        // Without the prefixes the same forgery verifies.
        var plainY = NaiveMerkle.Concat(Plain(a), Plain(b));
        Assert.Equal(Plain(Plain(x), Plain(plainY)), Plain(Plain(x), Plain(Plain(a), Plain(b))));
    }

    [Fact]
    public void VerifyInclusion_EntryHoldingANodesBytes_DoesNotStandForThatNodesTree()
    {
        var leaves = Entries.Select(e => MerkleHash.LeafHash(e)).ToArray();
        var node = MerkleHash.NodeHash(leaves[0], leaves[1]);
        var nodeBytes = NaiveMerkle.Concat([0x01], leaves[0], leaves[1]);

        // As a one-leaf tree its root would have to be the node's hash.
        Assert.False(MerkleProofs.VerifyInclusion(MerkleHash.LeafHash(nodeBytes), 0, 1, [], node));
        Assert.False(MerkleProofs.VerifyConsistency(1, 2, MerkleHash.LeafHash(nodeBytes), node, [leaves[1]]));
    }

    private static MerkleTree Tree(byte[][] entries)
    {
        var tree = new MerkleTree();
        foreach (var entry in entries)
        {
            tree.Append(MerkleHash.LeafHash(entry));
        }

        return tree;
    }

    /// <summary>A tree hash without domain separation, the kind the prefixes exist to replace.</summary>
    private static byte[] Plain(byte[] entry) => SHA256.HashData(entry);

    private static byte[] Plain(byte[] left, byte[] right) => SHA256.HashData(NaiveMerkle.Concat(left, right));
}
