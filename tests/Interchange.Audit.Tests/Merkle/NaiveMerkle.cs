using System.Security.Cryptography;
using System.Text;

namespace Interchange.Audit.Tests.Merkle;

/// <summary>
/// RFC 9162 §2.1 transcribed literally (recursion over array slices, plain SHA-256 of
/// concatenations), sharing no code with the library, so the library is checked against the
/// definition rather than against itself.
/// </summary>
internal static class NaiveMerkle
{
    public static byte[] Leaf(byte[] entry) => SHA256.HashData(Concat([0x00], entry));

    public static byte[] Node(byte[] left, byte[] right) => SHA256.HashData(Concat([0x01], left, right));

    /// <summary>MTH(D[n]).</summary>
    public static byte[] Mth(byte[][] d)
    {
        if (d.Length == 0)
        {
            return SHA256.HashData(Array.Empty<byte>());
        }

        if (d.Length == 1)
        {
            return Leaf(d[0]);
        }

        var k = K(d.Length);
        return Node(Mth(d[..k]), Mth(d[k..]));
    }

    /// <summary>PATH(m, D[n]).</summary>
    public static List<byte[]> Path(int m, byte[][] d)
    {
        if (d.Length == 1)
        {
            return [];
        }

        var k = K(d.Length);
        return m < k
            ? [.. Path(m, d[..k]), Mth(d[k..])]
            : [.. Path(m - k, d[k..]), Mth(d[..k])];
    }

    /// <summary>PROOF(m, D[n]).</summary>
    public static List<byte[]> Proof(int m, byte[][] d) => SubProof(m, d, true);

    /// <summary>Distinct entries of varying length; entry 0 is empty.</summary>
    public static byte[][] Entries(int n) =>
        Enumerable.Range(0, n).Select(i => i == 0 ? [] : Encoding.UTF8.GetBytes($"{new string('x', i % 5)}entry {i}")).ToArray();

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static IEnumerable<string> Hex(IEnumerable<byte[]> hashes) => hashes.Select(Convert.ToHexString);

    private static List<byte[]> SubProof(int m, byte[][] d, bool b)
    {
        if (m == d.Length)
        {
            return b ? [] : [Mth(d)];
        }

        var k = K(d.Length);
        return m <= k
            ? [.. SubProof(m, d[..k], b), Mth(d[k..])]
            : [.. SubProof(m - k, d[k..], false), Mth(d[..k])];
    }

    /// <summary>The largest power of two smaller than n, found by counting rather than by bit tricks.</summary>
    private static int K(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }
}
