using Interchange.Audit.Canonical;
using Interchange.Audit.Merkle;

namespace Interchange.Audit.Tests.Merkle;

/// <summary>
/// SECURITY 25 at library level: records are hashed by their canonical bytes, so changing,
/// deleting, inserting or reordering one changes the root, and a log rewritten after a checkpoint
/// cannot prove itself consistent with that checkpoint.
/// </summary>
public sealed class TamperEvidenceTests
{
    private const int Size = 10;
    private const int Victim = 4;

    private static readonly AuditRecord[] Log = [.. Enumerable.Range(0, Size).Select(n => n % 3 == 2 ? TestRecords.Denied(n) : TestRecords.Allowed(n))];

    public static TheoryData<string> Tampers() => ["change", "delete", "insert", "reorder"];

    [Theory]
    [MemberData(nameof(Tampers))]
    public void Root_TamperedRecord_DiffersFromTheCheckpoint(string tamper)
    {
        var checkpoint = Root(Log);

        var tampered = Tamper(Log, tamper);

        Assert.NotEqual(checkpoint, Root(tampered));
    }

    [Theory]
    [MemberData(nameof(Tampers))]
    public void VerifyConsistency_TamperedLogGrownPastTheCheckpoint_FailsAgainstIt(string tamper)
    {
        var checkpointRoot = Root(Log);
        var grown = Tamper(Log, tamper).Concat(Enumerable.Range(100, 5).Select(n => TestRecords.Allowed(n))).ToArray();
        var leaves = Leaves(grown);

        var proof = MerkleProofs.ConsistencyProof(Size, grown.Length, i => leaves[i]);

        Assert.False(MerkleProofs.VerifyConsistency(Size, grown.Length, checkpointRoot, Root(grown), proof));
    }

    [Fact]
    public void VerifyConsistency_HonestLogGrownPastTheCheckpoint_Verifies()
    {
        var checkpointRoot = Root(Log);
        var grown = Log.Concat(Enumerable.Range(100, 5).Select(n => TestRecords.Allowed(n))).ToArray();
        var leaves = Leaves(grown);

        var proof = MerkleProofs.ConsistencyProof(Size, grown.Length, i => leaves[i]);

        Assert.True(MerkleProofs.VerifyConsistency(Size, grown.Length, checkpointRoot, Root(grown), proof));
    }

    [Fact]
    public void VerifyConsistency_WholeLogRewrittenFromAnOldRecord_FailsAgainstAnEarlierCheckpoint()
    {
        // An auditor kept the checkpoint at size 6; later record 3 is rewritten, every later
        // hash recomputed and the log grown, so the new tree is internally valid.
        var oldSize = 6;
        var oldRoot = Root(Log[..oldSize]);
        var rewritten = Log.ToArray();
        rewritten[3] = rewritten[3] with { Agency = "someone-else" };
        var leaves = Leaves(rewritten);

        var proof = MerkleProofs.ConsistencyProof(oldSize, Size, i => leaves[i]);

        Assert.False(MerkleProofs.VerifyConsistency(oldSize, Size, oldRoot, Root(rewritten), proof));
        Assert.True(MerkleProofs.VerifyConsistency(oldSize, Size, Root(rewritten[..oldSize]), Root(rewritten), proof));
    }

    [Fact]
    public void VerifyInclusion_ChangedRecordWithTheOriginalProof_FailsAgainstTheCheckpoint()
    {
        var leaves = Leaves(Log);
        var root = Root(Log);
        var proof = MerkleProofs.InclusionProof(Victim, Size, i => leaves[i]);
        var changed = Log[Victim] with { Fields = [.. Log[Victim].Fields, "id_number"] };

        Assert.True(MerkleProofs.VerifyInclusion(leaves[Victim], Victim, Size, proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(MerkleHash.LeafHash(CanonicalRecord.Encode(changed)), Victim, Size, proof, root));
    }

    [Fact]
    public void VerifyInclusion_RecordsSwapped_FailAtTheirNewPositions()
    {
        var leaves = Leaves(Log);
        var root = Root(Log);

        var first = MerkleProofs.InclusionProof(Victim, Size, i => leaves[i]);
        var second = MerkleProofs.InclusionProof(Victim + 1, Size, i => leaves[i]);

        Assert.False(MerkleProofs.VerifyInclusion(leaves[Victim + 1], Victim, Size, first, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaves[Victim], Victim + 1, Size, second, root));
    }

    private static AuditRecord[] Tamper(AuditRecord[] log, string tamper)
    {
        var list = log.ToList();
        switch (tamper)
        {
            case "change":
                list[Victim] = list[Victim] with { Purpose = "another-purpose" };
                break;
            case "delete":
                list.RemoveAt(Victim);
                break;
            case "insert":
                list.Insert(Victim, TestRecords.Allowed(999));
                break;
            case "reorder":
                (list[Victim], list[Victim + 1]) = (list[Victim + 1], list[Victim]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(tamper));
        }

        return [.. list];
    }

    private static byte[][] Leaves(IEnumerable<AuditRecord> records) =>
        [.. records.Select(r => MerkleHash.LeafHash(CanonicalRecord.Encode(r)))];

    private static byte[] Root(IEnumerable<AuditRecord> records)
    {
        var tree = new MerkleTree();
        foreach (var leaf in Leaves(records))
        {
            tree.Append(leaf);
        }

        return tree.Root();
    }
}
