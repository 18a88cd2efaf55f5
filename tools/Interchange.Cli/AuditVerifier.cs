using Interchange.Audit.Canonical;
using Interchange.Audit.Checkpoints;
using Interchange.Audit.Merkle;
using Interchange.Audit.Proofs;

namespace Interchange.Cli;

/// <summary>The outcome of a verification: whether it held, and if not, where it first failed and why.</summary>
internal sealed record VerifyResult(bool Ok, long? FirstBadIndex, string Message);

/// <summary>Checks an export against a signed checkpoint and the log's public key, offline.</summary>
internal static class AuditVerifier
{
    public static VerifyResult Verify(string verifierKey, string checkpoint, AuditExport export, string? previousCheckpoint = null, IReadOnlyList<byte[]>? consistencyProof = null)
    {
        if (!CheckpointVerifier.TryVerify(checkpoint, verifierKey, out var head))
        {
            return new(false, null, "The checkpoint's signature does not verify with the given key.");
        }

        if (export.TreeSize != head.Size)
        {
            return new(false, null, $"The export is of tree size {export.TreeSize}, the checkpoint of {head.Size}.");
        }

        var root = head.Root.ToArray();
        var tree = new MerkleTree();
        for (var position = 0; position < export.Entries.Count; position++)
        {
            var entry = export.Entries[position];
            if (position >= head.Size)
            {
                return new(false, position, $"Entry at position {position} is beyond the checkpoint's {head.Size} entries: records were inserted.");
            }

            if (entry.Index != position)
            {
                return new(false, position, $"Entry at position {position} claims index {entry.Index}: records were removed, inserted or reordered.");
            }

            try
            {
                CanonicalRecord.Decode(entry.Data);
            }
            catch (InvalidDataException e)
            {
                return new(false, position, $"Entry {position} is not a canonical record: {e.Message}");
            }

            var leaf = MerkleHash.LeafHash(entry.Data);
            if (!MerkleProofs.VerifyInclusion(leaf, position, head.Size, entry.Proof, root))
            {
                return new(false, position, $"Entry {position} is not the record the signed log holds at that index: it was changed, or records were moved.");
            }

            tree.Append(leaf);
        }

        if (tree.Size != head.Size)
        {
            return new(false, tree.Size, $"The export ends at {tree.Size} entries; the checkpoint has {head.Size}: records were removed.");
        }

        if (!tree.Root().AsSpan().SequenceEqual(root))
        {
            return new(false, null, "The entries' root differs from the checkpoint's.");
        }

        if (previousCheckpoint is not null)
        {
            if (!CheckpointVerifier.TryVerify(previousCheckpoint, verifierKey, out var earlier))
            {
                return new(false, null, "The previous checkpoint's signature does not verify with the given key.");
            }

            if (earlier.Size > head.Size || !MerkleProofs.VerifyConsistency(earlier.Size, head.Size, earlier.Root.ToArray(), root, consistencyProof ?? []))
            {
                return new(false, null, $"The log of size {head.Size} does not extend the one of size {earlier.Size} checkpointed before: its history was rewritten.");
            }
        }

        return new(true, null, $"OK: {head.Size} entries; signature, every inclusion proof and the root verify.");
    }

    /// <summary>Builds an export from a store the caller can read (the gateway's data folder, or a test's).</summary>
    public static async Task<AuditExport> ExportAsync(AuditTree tree, TreeHead head, CancellationToken cancellationToken)
    {
        var entries = new List<ExportedEntry>((int)head.Size);
        for (long start = 0; start < head.Size;)
        {
            var page = await tree.EntriesAsync(start, head.Size, cancellationToken);
            foreach (var (index, data) in page)
            {
                entries.Add(new ExportedEntry(index, data, await tree.InclusionProofAsync(index, head.Size, cancellationToken)));
            }

            start += page.Count;
        }

        return new AuditExport(head.Size, entries);
    }
}
