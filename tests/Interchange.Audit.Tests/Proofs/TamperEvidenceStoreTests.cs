using Interchange.Audit.Canonical;
using Interchange.Audit.Merkle;
using Interchange.Audit.Proofs;
using Interchange.Audit.Tests.Merkle;

namespace Interchange.Audit.Tests.Proofs;

/// <summary>SECURITY 25 against the stored log: someone with write access to the file changes it.</summary>
public sealed class TamperEvidenceStoreTests
{
    [Fact]
    public async Task RowAndLeafHashRewritten_ChangesTheRootAndBreaksConsistencyWithAnEarlierHead()
    {
        using var db = new TempDatabase();
        await AppendAsync(db, 0, 10);
        TreeHead earlier;
        using (var tree = db.OpenTree())
        {
            earlier = await tree.HeadAsync();
        }

        // A careful forger rewrites the record and its stored leaf hash together.
        var forged = TestRecords.Allowed(3) with { Agency = "someone-else" };
        StoredLog.Tamper(db, "UPDATE audit_records SET agency = $agency, leaf_hash = $hash WHERE leaf_index = 3;",
            ("$agency", forged.Agency), ("$hash", MerkleHash.LeafHash(CanonicalRecord.Encode(forged))));
        await AppendAsync(db, 10, 15);

        using var restarted = db.OpenTree();
        var head = await restarted.HeadAsync();
        var proof = await restarted.ConsistencyProofAsync(earlier.Size, head.Size);

        var entries = await StoredLog.CanonicalEntriesAsync(db);
        Assert.NotEqual(earlier.Root.ToArray(), NaiveMerkle.Mth(entries[..10]));
        Assert.False(MerkleProofs.VerifyConsistency(earlier.Size, head.Size, earlier.Root.Span, head.Root.Span, proof));
    }

    [Fact]
    public async Task RowRewrittenButNotItsLeafHash_ExportsAnEntryThatFailsInclusion()
    {
        using var db = new TempDatabase();
        await AppendAsync(db, 0, 8);
        StoredLog.Tamper(db, "UPDATE audit_records SET purpose = 'something-else' WHERE leaf_index = 5;");
        using var tree = db.OpenTree();

        var head = await tree.HeadAsync();
        var entry = (await tree.EntriesAsync(5, 6))[0];
        var proof = await tree.InclusionProofAsync(5, head.Size);

        Assert.False(MerkleProofs.VerifyInclusion(MerkleHash.LeafHash(entry.Data), 5, head.Size, proof, head.Root.Span));
    }

    [Fact]
    public async Task RowDeleted_HeadAsyncRefusesTheGap()
    {
        using var db = new TempDatabase();
        await AppendAsync(db, 0, 6);
        StoredLog.Tamper(db, "DELETE FROM audit_records WHERE leaf_index = 2;");
        using var tree = db.OpenTree();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => tree.HeadAsync());

        Assert.Contains("no leaf 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RowsSwapped_ChangesTheRoot()
    {
        using var db = new TempDatabase();
        await AppendAsync(db, 0, 6);
        TreeHead earlier;
        using (var tree = db.OpenTree())
        {
            earlier = await tree.HeadAsync();
        }

        StoredLog.Tamper(db, "UPDATE audit_records SET leaf_index = leaf_index + 1000 WHERE leaf_index IN (1, 4);" +
            "UPDATE audit_records SET leaf_index = CASE leaf_index WHEN 1001 THEN 4 ELSE 1 END WHERE leaf_index >= 1000;");
        using var restarted = db.OpenTree();

        var head = await restarted.HeadAsync();

        Assert.Equal(earlier.Size, head.Size);
        Assert.NotEqual(earlier, head);
    }

    private static async Task AppendAsync(TempDatabase db, int from, int to)
    {
        await using var log = db.OpenLog();
        for (var i = from; i < to; i++)
        {
            await log.AppendAsync(TestRecords.Allowed(i));
        }
    }
}
