using System.Buffers.Binary;
using System.Globalization;
using Interchange.Audit.Merkle;
using Interchange.Audit.Proofs;
using NSec.Cryptography;

namespace Interchange.Audit.Checkpoints;

/// <summary>
/// Checks a checkpoint note against a pinned verifier key, as an auditor does; parses only the
/// exact form <see cref="CheckpointSigner.Sign"/> writes.
/// </summary>
public static class CheckpointVerifier
{
    // A checkpoint is a few hundred bytes; anything much larger is not one.
    private const int MaxNoteLength = 4096;

    /// <summary>
    /// True, with the signed tree head, when <paramref name="note"/> is a checkpoint of the log
    /// named in <paramref name="verifierKey"/>, signed by that key. False, never an exception, for
    /// anything else: a malformed key or note, a different origin or key name, an unknown key hash,
    /// a bad signature, extension lines, missing or extra lines, or more than one signature.
    /// </summary>
    public static bool TryVerify(string? note, string? verifierKey, out TreeHead head)
    {
        head = null!;
        try
        {
            return TryParseVerifierKey(verifierKey, out var name, out var keyHash, out var publicKey)
                && TryVerify(note, name, keyHash, publicKey, out head);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
        {
            // Every input is checked before use; this is a backstop for the promise never to throw.
            head = null!;
            return false;
        }
    }

    private static bool TryVerify(string? note, string name, uint keyHash, PublicKey publicKey, out TreeHead head)
    {
        head = null!;
        if (note is null || note.Length > MaxNoteLength || !note.EndsWith('\n') || note.Contains('\r', StringComparison.Ordinal))
        {
            return false;
        }

        // Body: exactly origin, size and root, each ending in a newline; then one blank line; then
        // exactly one signature line.
        var lines = note[..^1].Split('\n');
        if (lines.Length != 5 || lines[3].Length != 0)
        {
            return false;
        }

        if (lines[0] != name || !TryParseSize(lines[1], out var size)
            || !TryDecodeCanonicalBase64(lines[2], MerkleHash.Size, out var root))
        {
            return false;
        }

        var signatureLine = lines[4];
        var prefix = SignedNote.SignaturePrefix + name + " ";
        if (!signatureLine.StartsWith(prefix, StringComparison.Ordinal)
            || !TryDecodeCanonicalBase64(signatureLine[prefix.Length..], SignedNote.KeyHashSize + SignedNote.SignatureSize, out var blob)
            || BinaryPrimitives.ReadUInt32BigEndian(blob) != keyHash)
        {
            return false;
        }

        var body = SignedNote.Utf8.GetBytes(string.Concat(lines[0], "\n", lines[1], "\n", lines[2], "\n"));
        if (!SignatureAlgorithm.Ed25519.Verify(publicKey, body, blob.AsSpan(SignedNote.KeyHashSize)))
        {
            return false;
        }

        head = new TreeHead(size, root);
        return true;
    }

    private static bool TryParseVerifierKey(string? verifierKey, out string name, out uint keyHash, out PublicKey publicKey)
    {
        name = "";
        keyHash = 0;
        publicKey = null!;
        // The name holds no '+' and the hash is hex, but base64 may contain '+': split at the first two only.
        var parts = verifierKey?.Split('+', 3);
        if (parts is not { Length: 3 } || !SignedNote.IsValidName(parts[0])
            || parts[1].Length != 8 || parts[1].Any(c => c is not (>= '0' and <= '9') and not (>= 'a' and <= 'f'))
            || !TryDecodeCanonicalBase64(parts[2], 1 + SignedNote.PublicKeySize, out var key)
            || key[0] != SignedNote.Ed25519Type
            || !PublicKey.TryImport(SignatureAlgorithm.Ed25519, key.AsSpan(1), KeyBlobFormat.RawPublicKey, out var imported)
            || imported is null)
        {
            return false;
        }

        var hash = uint.Parse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (hash != SignedNote.KeyHash(parts[0], key.AsSpan(1)))
        {
            return false;
        }

        name = parts[0];
        keyHash = hash;
        publicKey = imported;
        return true;
    }

    /// <summary>A decimal size with no sign, no leading zeros and no other characters.</summary>
    private static bool TryParseSize(string text, out long size) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out size)
        && size.ToString(CultureInfo.InvariantCulture) == text;

    /// <summary>Standard padded base64 of exactly <paramref name="length"/> bytes, in its one canonical spelling.</summary>
    private static bool TryDecodeCanonicalBase64(string text, int length, out byte[] bytes)
    {
        bytes = new byte[length];
        // Decoding tolerates whitespace and non-zero padding bits; re-encoding rejects both.
        return text.Length == ((length + 2) / 3 * 4)
            && Convert.TryFromBase64String(text, bytes, out var written)
            && written == length
            && Convert.ToBase64String(bytes) == text;
    }
}
