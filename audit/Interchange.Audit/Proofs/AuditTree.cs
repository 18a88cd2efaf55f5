using System.Data.Common;
using Interchange.Audit.Canonical;
using Interchange.Audit.Merkle;
using Interchange.Audit.Storage;
using Microsoft.Extensions.Options;

namespace Interchange.Audit.Proofs;

/// <summary>
/// Tree heads, proofs and exported entries over the stored log (RFC 9162), read from the
/// <c>leaf_hash</c> column the writers fill, on SQLite or PostgreSQL alike. Like <see cref="AuditReader"/> it
/// reads with its own connections, so records committed by any writer, in any process, are included.
/// </summary>
/// <remarks>
/// The head is kept incrementally: an in-memory <see cref="MerkleTree"/> to which each
/// <see cref="HeadAsync"/> appends only the leaves committed since the last call. Proofs are built
/// from the stored leaf hashes of the tree they are for, read in one query; they cost O(n) hashes
/// (see <see cref="MerkleProofs"/>), which caching aligned subtree roots can later make O(log n).
/// </remarks>
public sealed class AuditTree : IDisposable
{
    /// <summary>Most entries returned by one <see cref="EntriesAsync"/> call; callers page on.</summary>
    public const int MaxEntries = 1000;

    private const string SizeSql = "SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM audit_records";

    // Proof leaves are held in one array of Size-byte slots.
    private const long MaxProofTreeSize = int.MaxValue / MerkleHash.Size;

    private readonly AuditStore _store;
    private readonly bool _ownsStore;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly MerkleTree _tree = new();

    /// <summary>A tree with a store of its own, created (or upgraded) now and closed by <see cref="Dispose"/>.</summary>
    /// <exception cref="AuditUnavailableException">The database cannot be opened.</exception>
    public AuditTree(IOptions<AuditOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = AuditStore.Open(options.Value);
        _ownsStore = true;
    }

    /// <summary>A tree on the service container's store, shared with the log and the reader.</summary>
    internal AuditTree(AuditStore store) => _store = store;

    /// <summary>The head of the whole log as stored now. Safe to call concurrently.</summary>
    /// <exception cref="AuditUnavailableException">The database cannot be read.</exception>
    /// <exception cref="InvalidDataException">The stored leaves are not contiguous or a leaf hash is malformed.</exception>
    public async Task<TreeHead> HeadAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var session = await _store.BeginReadAsync(snapshot: false, cancellationToken).ConfigureAwait(false);
            await using var command = session.Command("SELECT leaf_index, leaf_hash FROM audit_records WHERE leaf_index >= @size ORDER BY leaf_index");
            AuditReadSession.Add(command, "@size", _tree.Size);
            // One statement reads one snapshot, and batches commit atomically, so the tree grows
            // by whole batches. Each leaf is checked before it is appended, so a call that fails
            // or is cancelled part way leaves a correct, shorter prefix for the next call to extend.
            await using (var rows = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (rows.GetInt64(0) != _tree.Size)
                    {
                        throw new InvalidDataException($"The audit log has no leaf {_tree.Size}; its leaves are not contiguous.");
                    }

                    _tree.Append(ReadLeafHash(rows, 1, _tree.Size));
                }
            }

            return new TreeHead(_tree.Size, _tree.Root());
        }
        catch (DbException exception)
        {
            throw Unavailable(exception);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The audit path of leaf <paramref name="index"/> in the tree of the first <paramref name="treeSize"/> leaves, nearest sibling first.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0 ≤ index &lt; treeSize ≤ the log's size.</exception>
    /// <exception cref="AuditUnavailableException">The database cannot be read.</exception>
    public async Task<IReadOnlyList<byte[]>> InclusionProofAsync(long index, long treeSize, CancellationToken cancellationToken = default)
    {
        if (index < 0 || index >= treeSize)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The leaf index must satisfy 0 ≤ index < treeSize (treeSize {treeSize}).");
        }

        var leaves = await LeafHashesAsync(treeSize, nameof(treeSize), cancellationToken).ConfigureAwait(false);
        return MerkleProofs.InclusionProof(index, treeSize, leaves.At);
    }

    /// <summary>The proof that the tree of <paramref name="second"/> leaves extends the one of <paramref name="first"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0 ≤ first ≤ second ≤ the log's size.</exception>
    /// <exception cref="AuditUnavailableException">The database cannot be read.</exception>
    public async Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(long first, long second, CancellationToken cancellationToken = default)
    {
        if (first < 0 || first > second)
        {
            throw new ArgumentOutOfRangeException(nameof(first), first, $"The sizes must satisfy 0 ≤ first ≤ second (second {second}).");
        }

        var leaves = await LeafHashesAsync(second, nameof(second), cancellationToken).ConfigureAwait(false);
        return MerkleProofs.ConsistencyProof(first, second, leaves.At);
    }

    /// <summary>
    /// The canonical bytes of the entries <paramref name="start"/> to <paramref name="end"/>
    /// (exclusive), re-encoded from the stored rows; at most <see cref="MaxEntries"/>, so a longer
    /// range is cut short and the caller asks again from the next index.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0 ≤ start &lt; end ≤ the log's size.</exception>
    /// <exception cref="AuditUnavailableException">The database cannot be read.</exception>
    public async Task<IReadOnlyList<(long Index, byte[] Data)>> EntriesAsync(long start, long end, CancellationToken cancellationToken = default)
    {
        if (start < 0 || start >= end)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"The range must satisfy 0 ≤ start < end (end {end}).");
        }

        try
        {
            await using var session = await _store.BeginReadAsync(snapshot: true, cancellationToken).ConfigureAwait(false);
            await CheckWithinLogAsync(session, end, nameof(end), cancellationToken).ConfigureAwait(false);

            var last = Math.Min(end, start + MaxEntries);
            await using var command = session.Command(
                "SELECT " + AuditSchema.Columns + " FROM audit_records WHERE leaf_index >= @start AND leaf_index < @end ORDER BY leaf_index");
            AuditReadSession.Add(command, "@start", start);
            AuditReadSession.Add(command, "@end", last);
            var entries = new List<(long Index, byte[] Data)>((int)(last - start));
            await using var rows = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var record = AuditRecordMapping.Read(rows);
                // Exported as stored: a changed row exports changed bytes, which the auditor's
                // inclusion check then rejects. The log does not vouch for its own rows.
                entries.Add((record.LeafIndex, CanonicalRecord.Encode(record)));
            }

            return entries;
        }
        catch (DbException exception)
        {
            throw Unavailable(exception);
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        if (_ownsStore)
        {
            _store.Dispose();
        }
    }

    private static byte[] ReadLeafHash(DbDataReader rows, int ordinal, long index)
    {
        var hash = rows.IsDBNull(ordinal) ? null : rows.GetFieldValue<byte[]>(ordinal);
        if (hash is null || hash.Length != MerkleHash.Size)
        {
            throw new InvalidDataException($"The stored leaf hash of leaf {index} is not a {MerkleHash.Size}-byte hash.");
        }

        return hash;
    }

    private static async Task CheckWithinLogAsync(AuditReadSession session, long treeSize, string parameter, CancellationToken cancellationToken)
    {
        await using var command = session.Command(SizeSql);
        var size = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        if (treeSize > size)
        {
            throw new ArgumentOutOfRangeException(parameter, treeSize, $"The tree size must not exceed the log's size ({size}).");
        }
    }

    /// <summary>The leaf hashes of the first <paramref name="treeSize"/> leaves, in one query.</summary>
    private async Task<LeafHashes> LeafHashesAsync(long treeSize, string parameter, CancellationToken cancellationToken)
    {
        if (treeSize > MaxProofTreeSize)
        {
            throw new ArgumentOutOfRangeException(parameter, treeSize, $"Proofs are served for trees of at most {MaxProofTreeSize} leaves.");
        }

        try
        {
            // One read transaction: the size check and the leaves come from the same snapshot.
            await using var session = await _store.BeginReadAsync(snapshot: true, cancellationToken).ConfigureAwait(false);
            await CheckWithinLogAsync(session, treeSize, parameter, cancellationToken).ConfigureAwait(false);

            var buffer = new byte[treeSize * MerkleHash.Size];
            await using var command = session.Command("SELECT leaf_index, leaf_hash FROM audit_records WHERE leaf_index < @size ORDER BY leaf_index");
            AuditReadSession.Add(command, "@size", treeSize);
            await using var rows = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            long expected = 0;
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (rows.GetInt64(0) != expected)
                {
                    throw new InvalidDataException($"The audit log has no leaf {expected}; its leaves are not contiguous.");
                }

                ReadLeafHash(rows, 1, expected).CopyTo(buffer, expected * MerkleHash.Size);
                expected++;
            }

            if (expected != treeSize)
            {
                throw new InvalidDataException($"The audit log has no leaf {expected}; its leaves are not contiguous.");
            }

            return new LeafHashes(buffer);
        }
        catch (DbException exception)
        {
            throw Unavailable(exception);
        }
    }

    private AuditUnavailableException Unavailable(DbException exception)
    {
        _store.ConnectionFailed();
        return new($"The audit database '{_store.Location}' cannot be read.", exception);
    }

    /// <summary>Leaf hashes packed in one array, handed out one copy at a time.</summary>
    private sealed class LeafHashes(byte[] buffer)
    {
        public byte[] At(long index) => buffer.AsSpan((int)(index * MerkleHash.Size), MerkleHash.Size).ToArray();
    }
}
