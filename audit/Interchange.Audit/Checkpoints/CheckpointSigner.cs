using Interchange.Core.Secrets;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Interchange.Audit.Proofs;
using NSec.Cryptography;

namespace Interchange.Audit.Checkpoints;

/// <summary>
/// Signs tree heads as C2SP <c>tlog-checkpoint</c> notes with the log's Ed25519 key (C2SP
/// <c>signed-note</c>); the format is in <c>audit/README.md</c>, "Checkpoints".
/// </summary>
/// <remarks>
/// The key is a file holding the raw 32-byte private key seed, readable by the service account
/// only. It is generated only when <c>mayGenerate</c> allows (development): elsewhere a missing key
/// stops start-up, because a fresh key would silently replace the one auditors have pinned.
/// </remarks>
public sealed class CheckpointSigner : IDisposable
{
    private const int SeedSize = 32;

    private readonly Key _key;
    private readonly uint _keyHash;

    /// <param name="keyPath">The key file.</param>
    /// <param name="name">The origin and key name, e.g. <c>interchange.example/audit</c>.</param>
    /// <param name="mayGenerate">Whether a missing key file may be created with a new key.</param>
    /// <exception cref="ArgumentException">The name is empty or holds whitespace, '+' or control characters.</exception>
    /// <exception cref="InvalidOperationException">The key file is missing (and may not be generated) or is not a 32-byte seed.</exception>
    public CheckpointSigner(string keyPath, string name, bool mayGenerate)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPath);
        if (!SignedNote.IsValidName(name))
        {
            throw new ArgumentException("A checkpoint origin / key name must be non-empty and hold no whitespace, '+' or control characters.", nameof(name));
        }

        Name = name;
        KeyPath = Path.GetFullPath(keyPath);
        var seed = SecretFiles.LoadOrCreate(KeyPath, SeedSize, mayGenerate, "checkpoint signing key (Ed25519 private key seed)");
        try
        {
            _key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }

        var publicKey = _key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        _keyHash = SignedNote.KeyHash(name, publicKey);
        VerifierKey = $"{name}+{_keyHash:x8}+{Convert.ToBase64String([SignedNote.Ed25519Type, .. publicKey])}";
    }

    /// <summary>The origin line of every checkpoint, which is also the key name.</summary>
    public string Name { get; }

    /// <summary>The absolute path of the key file.</summary>
    public string KeyPath { get; }

    /// <summary>
    /// The public verifier key, <c>&lt;name&gt;+&lt;8 hex digits key hash&gt;+&lt;base64(0x01 || public key)&gt;</c>,
    /// which auditors pin and pass to <see cref="CheckpointVerifier.TryVerify"/>.
    /// </summary>
    public string VerifierKey { get; }

    /// <summary>
    /// The checkpoint note of a tree head: <c>origin\nsize\nbase64(root)\n</c>, a blank line, and
    /// <c>— name base64(key hash || signature)\n</c>, the Ed25519 signature being over the first three lines.
    /// </summary>
    public string Sign(TreeHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var body = string.Create(CultureInfo.InvariantCulture, $"{Name}\n{head.Size}\n{Convert.ToBase64String(head.Root.Span)}\n");
        var signature = SignatureAlgorithm.Ed25519.Sign(_key, SignedNote.Utf8.GetBytes(body));

        var blob = new byte[SignedNote.KeyHashSize + SignedNote.SignatureSize];
        BinaryPrimitives.WriteUInt32BigEndian(blob, _keyHash);
        signature.CopyTo(blob, SignedNote.KeyHashSize);
        return new StringBuilder(body.Length + 128)
            .Append(body)
            .Append('\n')
            .Append(SignedNote.SignaturePrefix).Append(Name).Append(' ').Append(Convert.ToBase64String(blob)).Append('\n')
            .ToString();
    }

    public void Dispose() => _key.Dispose();
}
