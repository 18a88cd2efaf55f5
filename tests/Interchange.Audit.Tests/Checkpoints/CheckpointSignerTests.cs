using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Interchange.Audit.Checkpoints;
using Interchange.Audit.Proofs;
using NSec.Cryptography;

namespace Interchange.Audit.Tests.Checkpoints;

public sealed class CheckpointSignerTests
{
    // RFC 8032 §7.1, TEST 1: the secret key (seed) and its public key.
    private const string Rfc8032Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string Rfc8032PublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    private static readonly TreeHead Head = new(1234, SHA256.HashData("root"u8));

    [Fact]
    public void VerifierKey_HasTheSignedNoteForm_WithTheKeyHashOfNameAndPublicKey()
    {
        using var key = new TempKey();
        WriteSeed(key, Rfc8032Seed);
        using var signer = key.Open(mayGenerate: false);

        var parts = signer.VerifierKey.Split('+', 3);

        Assert.Matches(new Regex("^interchange\\.example/audit\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]{44}$"), signer.VerifierKey);
        Assert.Equal(3, parts.Length);
        var blob = Convert.FromBase64String(parts[2]);
        Assert.Equal(0x01, blob[0]);
        Assert.Equal(Rfc8032PublicKey, Convert.ToHexStringLower(blob[1..]));
        var hashInput = Encoding.UTF8.GetBytes(TempKey.Origin + "\n").Concat(blob).ToArray();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(hashInput)[..4]), parts[1]);
    }

    [Fact]
    public void Sign_WritesOriginSizeRootBlankLineAndOneSignatureLineOverTheBody()
    {
        using var key = new TempKey();
        WriteSeed(key, Rfc8032Seed);
        using var signer = key.Open(mayGenerate: false);

        var note = signer.Sign(Head);

        var body = $"interchange.example/audit\n1234\n{Convert.ToBase64String(Head.Root.Span)}\n";
        Assert.StartsWith(body + "\n\u2014 interchange.example/audit ", note, StringComparison.Ordinal);
        Assert.EndsWith("\n", note, StringComparison.Ordinal);
        var signatureLine = note[(body.Length + 1)..^1];
        Assert.DoesNotContain('\n', signatureLine);
        var blob = Convert.FromBase64String(signatureLine.Split(' ')[2]);
        Assert.Equal(68, blob.Length);
        Assert.Equal(signer.VerifierKey.Split('+', 3)[1], Convert.ToHexStringLower(blob[..4]));
        // Checked with the public key alone, as an outside verifier would.
        var publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(Rfc8032PublicKey), KeyBlobFormat.RawPublicKey);
        Assert.True(SignatureAlgorithm.Ed25519.Verify(publicKey, Encoding.UTF8.GetBytes(body), blob.AsSpan(4)));
        // This key's base64 holds a '+', the verifier key's separator: the verifier must still parse it.
        Assert.Contains('+', signer.VerifierKey.Split('+', 3)[2]);
        Assert.True(CheckpointVerifier.TryVerify(note, signer.VerifierKey, out var head));
        Assert.Equal(Head, head);
    }

    [Fact]
    public void Constructor_MayGenerate_CreatesAKeyReadableByTheOwnerOnly_AndLaterInstancesReuseIt()
    {
        using var key = new TempKey();
        string first;
        using (var signer = key.Open(mayGenerate: true))
        {
            first = signer.VerifierKey;
        }

        using var again = key.Open(mayGenerate: false);
        using var generateAllowed = key.Open(mayGenerate: true);

        Assert.Equal(first, again.VerifierKey);
        Assert.Equal(first, generateAllowed.VerifierKey);
        Assert.Equal(32, new FileInfo(key.KeyPath).Length);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(key.KeyPath)!));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key.KeyPath));
        }
    }

    [Fact]
    public void Constructor_MissingKeyAndMayNotGenerate_ThrowsNamingThePathAndCreatesNothing()
    {
        using var key = new TempKey();

        var error = Assert.Throws<InvalidOperationException>(() => key.Open(mayGenerate: false));

        Assert.Contains(key.KeyPath, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(key.KeyPath));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Constructor_KeyFileNotA32ByteSeed_ThrowsNamingThePath(int length)
    {
        using var key = new TempKey();
        Directory.CreateDirectory(Path.GetDirectoryName(key.KeyPath)!);
        File.WriteAllBytes(key.KeyPath, new byte[length]);

        var error = Assert.Throws<InvalidOperationException>(() => key.Open(mayGenerate: true));

        Assert.Contains(key.KeyPath, error.Message, StringComparison.Ordinal);
        Assert.Equal(length, new FileInfo(key.KeyPath).Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("a+b")]
    [InlineData("tab\there")]
    [InlineData("line\nbreak")]
    [InlineData("ideographic\u3000space")]
    public void Constructor_InvalidKeyName_Throws(string name)
    {
        using var key = new TempKey();

        Assert.Throws<ArgumentException>(() => key.Open(mayGenerate: true, name: name));
        Assert.False(File.Exists(key.KeyPath));
    }

    [Fact]
    public async Task Constructor_ManyInstancesGeneratingAtOnce_AllUseOneKey()
    {
        using var key = new TempKey();

        var signers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => key.Open(mayGenerate: true))));

        Assert.Single(signers.Select(s => s.VerifierKey).Distinct());
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(key.KeyPath)!));
        foreach (var signer in signers)
        {
            signer.Dispose();
        }
    }

    internal static void WriteSeed(TempKey key, string hex)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(key.KeyPath)!);
        File.WriteAllBytes(key.KeyPath, Convert.FromHexString(hex));
    }

    internal static uint KeyHashOf(string verifierKey) =>
        BinaryPrimitives.ReadUInt32BigEndian(Convert.FromHexString(verifierKey.Split('+', 3)[1]));
}
