using System.Security.Cryptography;
using Interchange.Audit.Merkle;

namespace Interchange.Audit.Tests.Merkle;

public sealed class MerkleHashTests
{
    // Computed outside .NET: printf '' | sha256sum; printf '\x00' | sha256sum; printf '\x00a' | sha256sum;
    // and for the root, python3 hashlib.sha256(b'\x01' + leaf("") + leaf("a")).
    private const string Sha256OfNothing = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
    private const string LeafOfEmptyEntry = "6E340B9CFFB37A989CA544E6BB780A2C78901D3FB33738768511A30617AFA01D";
    private const string LeafOfA = "022A6979E6DAB7AA5AE4C3E5E45F7E977112A7E63593820DBEC1EC738A24F93C";
    private const string NodeOfEmptyAndA = "688DC6244B041199E7AB4990DF6340CE3DC14CAA5CD5A0E1131ADDAA1209E1A6";

    [Fact]
    public void EmptyRoot_IsSha256OfNothing()
    {
        Assert.Equal(Sha256OfNothing, Convert.ToHexString(MerkleHash.EmptyRoot()));
        Assert.Equal(SHA256.HashData(Array.Empty<byte>()), MerkleHash.EmptyRoot());
    }

    [Fact]
    public void EmptyRoot_IsAFreshArrayEachTime()
    {
        var first = MerkleHash.EmptyRoot();
        first[0] ^= 0xFF;

        Assert.Equal(Sha256OfNothing, Convert.ToHexString(MerkleHash.EmptyRoot()));
    }

    [Fact]
    public void LeafHash_IsSha256OfZeroByteThenEntry()
    {
        Assert.Equal(LeafOfEmptyEntry, Convert.ToHexString(MerkleHash.LeafHash([])));
        Assert.Equal(LeafOfA, Convert.ToHexString(MerkleHash.LeafHash("a"u8)));
        Assert.Equal(SHA256.HashData(new byte[] { 0x00, 0x61 }), MerkleHash.LeafHash("a"u8));
    }

    [Fact]
    public void NodeHash_IsSha256OfOneByteThenLeftThenRight()
    {
        var left = Convert.FromHexString(LeafOfEmptyEntry);
        var right = Convert.FromHexString(LeafOfA);

        Assert.Equal(NodeOfEmptyAndA, Convert.ToHexString(MerkleHash.NodeHash(left, right)));
        Assert.Equal(SHA256.HashData(NaiveMerkle.Concat([0x01], left, right)), MerkleHash.NodeHash(left, right));
        Assert.NotEqual(MerkleHash.NodeHash(left, right), MerkleHash.NodeHash(right, left));
    }

    [Theory]
    [InlineData(0, 32)]
    [InlineData(31, 32)]
    [InlineData(32, 33)]
    [InlineData(64, 0)]
    public void NodeHash_ChildThatIsNotAHash_Throws(int leftLength, int rightLength)
    {
        Assert.Throws<ArgumentException>(() => MerkleHash.NodeHash(new byte[leftLength], new byte[rightLength]));
    }
}
