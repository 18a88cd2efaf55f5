using System.Security.Cryptography;
using Interchange.Audit.Checkpoints;
using Interchange.Audit.Proofs;

namespace Interchange.Audit.Tests.Checkpoints;

public sealed class CheckpointVerifierTests : IDisposable
{
    private static readonly TreeHead Head = new(1234, SHA256.HashData("root"u8));

    private readonly TempKey _key = new();
    private readonly CheckpointSigner _signer;

    public CheckpointVerifierTests() => _signer = _key.Open(mayGenerate: true);

    public static TheoryData<string, Func<string, string>> Tampered => new()
    {
        { "size changed", n => n.Replace("\n1234\n", "\n1235\n", StringComparison.Ordinal) },
        { "size with a leading zero", n => n.Replace("\n1234\n", "\n01234\n", StringComparison.Ordinal) },
        { "size with a sign", n => n.Replace("\n1234\n", "\n+1234\n", StringComparison.Ordinal) },
        { "root changed", n => ReplaceLine(n, 2, Convert.ToBase64String(SHA256.HashData("other"u8))) },
        { "root not 32 bytes", n => ReplaceLine(n, 2, Convert.ToBase64String(new byte[31])) },
        { "origin changed", n => ReplaceLine(n, 0, "other.example/audit") },
        { "name in signature line changed", n => ReplaceLine(n, 4, Line(n, 4).Replace("interchange.example/audit", "other.example/audit", StringComparison.Ordinal)) },
        { "key hash byte changed", n => ReplaceLine(n, 4, ChangeSignatureByte(Line(n, 4), 0)) },
        { "signature byte changed", n => ReplaceLine(n, 4, ChangeSignatureByte(Line(n, 4), 40)) },
        { "signature cut short", n => ReplaceLine(n, 4, Line(n, 4)[..^4]) },
        { "extension line in the body", n => n.Replace("\n\n", "\nextension\n\n", StringComparison.Ordinal) },
        { "body line missing", n => RemoveLine(n, 1) },
        { "blank line missing", n => RemoveLine(n, 3) },
        { "signature line missing", n => RemoveLine(n, 4) },
        { "second signature line", n => n + Line(n, 4) + "\n" },
        { "final newline missing", n => n[..^1] },
        { "trailing blank line", n => n + "\n" },
        { "CRLF line ends", n => n.Replace("\n", "\r\n", StringComparison.Ordinal) },
        { "hyphen instead of em dash", n => n.Replace('\u2014', '-') },
        { "space before the signature", n => n.Replace("\u2014 ", "\u2014  ", StringComparison.Ordinal) },
        { "empty", _ => "" },
    };

    [Fact]
    public void TryVerify_SignedNote_ReturnsTheHead()
    {
        var note = _signer.Sign(Head);

        Assert.True(CheckpointVerifier.TryVerify(note, _signer.VerifierKey, out var head));
        Assert.Equal(Head, head);
    }

    [Fact]
    public void TryVerify_EmptyTree_RoundTrips()
    {
        var empty = new TreeHead(0, SHA256.HashData([]));

        Assert.True(CheckpointVerifier.TryVerify(_signer.Sign(empty), _signer.VerifierKey, out var head));
        Assert.Equal(empty, head);
    }

    [Theory]
    [MemberData(nameof(Tampered))]
    public void TryVerify_TamperedNote_IsFalse(string change, Func<string, string> tamper)
    {
        var note = tamper(_signer.Sign(Head));

        Assert.False(CheckpointVerifier.TryVerify(note, _signer.VerifierKey, out _), change);
    }

    [Fact]
    public void TryVerify_AnotherKeyWithTheSameName_IsFalse()
    {
        using var otherKey = new TempKey();
        using var other = otherKey.Open(mayGenerate: true);

        Assert.False(CheckpointVerifier.TryVerify(other.Sign(Head), _signer.VerifierKey, out _));
        Assert.False(CheckpointVerifier.TryVerify(_signer.Sign(Head), other.VerifierKey, out _));
    }

    [Fact]
    public void TryVerify_SameKeyUnderAnotherName_IsFalse()
    {
        using var renamed = new CheckpointSigner(_key.KeyPath, "other.example/audit", mayGenerate: false);

        Assert.False(CheckpointVerifier.TryVerify(renamed.Sign(Head), _signer.VerifierKey, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("interchange.example/audit")]
    [InlineData("interchange.example/audit+00000000+AQ==")]
    public void TryVerify_MalformedVerifierKey_IsFalse(string? verifierKey)
    {
        Assert.False(CheckpointVerifier.TryVerify(_signer.Sign(Head), verifierKey, out _));
    }

    [Fact]
    public void TryVerify_VerifierKeyWithWrongHashOrTypeOrCase_IsFalse()
    {
        var parts = _signer.VerifierKey.Split('+', 3);
        var blob = Convert.FromBase64String(parts[2]);
        var wrongType = (byte[])blob.Clone();
        wrongType[0] = 0x02;
        var note = _signer.Sign(Head);

        Assert.False(CheckpointVerifier.TryVerify(note, $"{parts[0]}+{(CheckpointSignerTests.KeyHashOf(_signer.VerifierKey) ^ 1):x8}+{parts[2]}", out _));
        // Upper case is a different spelling only when the key hash has a hex letter (a random key's may not).
        if (parts[1].Any(char.IsAsciiLetter))
        {
            Assert.False(CheckpointVerifier.TryVerify(note, $"{parts[0]}+{parts[1].ToUpperInvariant()}+{parts[2]}", out _));
        }
        Assert.False(CheckpointVerifier.TryVerify(note, $"{parts[0]}+{parts[1]}+{Convert.ToBase64String(wrongType)}", out _));
        Assert.False(CheckpointVerifier.TryVerify(note, _signer.VerifierKey + "+extra", out _));
    }

    [Fact]
    public void TryVerify_NullNote_IsFalse()
    {
        Assert.False(CheckpointVerifier.TryVerify(null, _signer.VerifierKey, out _));
    }

    public void Dispose()
    {
        _signer.Dispose();
        _key.Dispose();
    }

    private static string Line(string note, int index) => note.Split('\n')[index];

    private static string ReplaceLine(string note, int index, string line)
    {
        var lines = note.Split('\n');
        lines[index] = line;
        return string.Join('\n', lines);
    }

    private static string RemoveLine(string note, int index) =>
        string.Join('\n', note.Split('\n').Where((_, i) => i != index));

    private static string ChangeSignatureByte(string line, int offset)
    {
        var parts = line.Split(' ');
        var blob = Convert.FromBase64String(parts[2]);
        blob[offset] ^= 0x01;
        parts[2] = Convert.ToBase64String(blob);
        return string.Join(' ', parts);
    }
}
