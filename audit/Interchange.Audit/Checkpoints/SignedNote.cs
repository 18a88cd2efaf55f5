using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Interchange.Audit.Checkpoints;

/// <summary>The pieces of C2SP signed-note shared by the signer and the verifier.</summary>
internal static class SignedNote
{
    /// <summary>Signature type of an Ed25519 key in a verifier key and in its key hash.</summary>
    public const byte Ed25519Type = 0x01;

    public const int PublicKeySize = 32;

    public const int SignatureSize = 64;

    public const int KeyHashSize = 4;

    /// <summary>Signature lines start with an em dash (U+2014) and a space.</summary>
    public const string SignaturePrefix = "\u2014 ";

    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Key names are non-empty and hold no Unicode whitespace, no '+' and no control characters.</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var rune in name.EnumerateRunes())
        {
            if (rune.Value == '+' || Rune.IsWhiteSpace(rune) || Rune.IsControl(rune) || rune == Rune.ReplacementChar)
            {
                return false;
            }
        }

        // A lone surrogate enumerates as U+FFFD, so it was refused above.
        return true;
    }

    /// <summary>The first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key), big-endian.</summary>
    public static uint KeyHash(string name, ReadOnlySpan<byte> publicKey)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Utf8.GetBytes(name));
        hash.AppendData([(byte)'\n', Ed25519Type]);
        hash.AppendData(publicKey);
        return BinaryPrimitives.ReadUInt32BigEndian(hash.GetHashAndReset());
    }
}
