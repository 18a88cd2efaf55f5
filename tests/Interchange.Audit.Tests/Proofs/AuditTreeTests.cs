using Interchange.Audit.Canonical;
using Interchange.Audit.Merkle;
using Interchange.Audit.Proofs;
using Interchange.Audit.Tests.Merkle;
using Interchange.Audit.Tests.Stores;

namespace Interchange.Audit.Tests.Proofs;

public sealed class AuditTreeTests
{
    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task HeadAsync_EmptyLog_IsTheEmptyTree(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        using var tree = db.OpenTree();

        Assert.Equal(new TreeHead(0, NaiveMerkle.Mth([])), await tree.HeadAsync());
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task HeadAsync_AfterAppendsFromTwoWriters_EqualsTheNaiveRootOfTheCanonicalRecordsInIndexOrder(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        using var tree = db.OpenTree();
        await using var gateway = db.OpenLog();
        await using var catalog = db.OpenLog();

        for (var round = 1; round <= 3; round++)
        {
            var appends = Enumerable.Range(0, 101)
                .Select(i => (i % 2 == 0 ? gateway : catalog).AppendAsync(i % 3 == 0 ? TestRecords.Denied(i) : TestRecords.Allowed(i)).AsTask());
            await Task.WhenAll(appends);

            var head = await tree.HeadAsync();

            var entries = await StoredLog.CanonicalEntriesAsync(db);
            Assert.Equal(101 * round, entries.Length);
            Assert.Equal(new TreeHead(entries.Length, NaiveMerkle.Mth(entries)), head);
        }
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task HeadAsync_CalledConcurrentlyWhileWritersAppend_AlwaysReturnsAPrefixRoot(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        using var tree = db.OpenTree();
        await using var log = db.OpenLog(maxBatch: 7);

        var appends = Task.WhenAll(Enumerable.Range(0, 300).Select(i => log.AppendAsync(TestRecords.Allowed(i)).AsTask()));
        var heads = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => tree.HeadAsync())));
        await appends;
        var last = await tree.HeadAsync();

        var entries = await StoredLog.CanonicalEntriesAsync(db);
        Assert.Equal(new TreeHead(300, NaiveMerkle.Mth(entries)), last);
        Assert.All(heads, head => Assert.Equal(NaiveMerkle.Mth(entries[..(int)head.Size]), head.Root.ToArray()));
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task HeadAsync_ATreeOpenedLater_AgreesWithOneThatFollowedTheLog(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        using var early = db.OpenTree();
        await using var log = db.OpenLog();
        for (var i = 0; i < 40; i++)
        {
            await log.AppendAsync(TestRecords.Allowed(i));
            await early.HeadAsync();
        }

        using var late = db.OpenTree();

        Assert.Equal(await early.HeadAsync(), await late.HeadAsync());
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task InclusionProofAsync_EveryLeafOfEveryTreeSize_VerifiesAndMatchesTheRfcPath(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        using var tree = db.OpenTree();
        await AppendAsync(db, 21);
        var entries = await StoredLog.CanonicalEntriesAsync(db);

        for (var size = 1; size <= entries.Length; size++)
        {
            var root = NaiveMerkle.Mth(entries[..size]);
            for (var index = 0; index < size; index++)
            {
                var proof = await tree.InclusionProofAsync(index, size);

                Assert.Equal(NaiveMerkle.Hex(NaiveMerkle.Path(index, entries[..size])), NaiveMerkle.Hex(proof));
                Assert.True(MerkleProofs.VerifyInclusion(MerkleHash.LeafHash(entries[index]), index, size, proof, root));
            }
        }
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task ConsistencyProofAsync_EveryPairOfSizes_VerifiesAndMatchesTheRfcProof(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        using var tree = db.OpenTree();
        await AppendAsync(db, 17);
        var entries = await StoredLog.CanonicalEntriesAsync(db);

        for (var second = 0; second <= entries.Length; second++)
        {
            for (var first = 0; first <= second; first++)
            {
                var proof = await tree.ConsistencyProofAsync(first, second);

                var expected = first == 0 ? [] : NaiveMerkle.Proof(first, entries[..second]);
                Assert.Equal(NaiveMerkle.Hex(expected), NaiveMerkle.Hex(proof));
                Assert.True(MerkleProofs.VerifyConsistency(first, second, NaiveMerkle.Mth(entries[..first]), NaiveMerkle.Mth(entries[..second]), proof));
            }
        }
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task ProofsAsync_AgainstAHeadFromHeadAsync_Verify(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        using var tree = db.OpenTree();
        await AppendAsync(db, 10);
        var old = await tree.HeadAsync();
        await AppendAsync(db, 13, from: 10);
        var head = await tree.HeadAsync();
        var entries = await tree.EntriesAsync(0, head.Size);

        var consistency = await tree.ConsistencyProofAsync(old.Size, head.Size);
        var inclusion = await tree.InclusionProofAsync(12, head.Size);

        Assert.True(MerkleProofs.VerifyConsistency(old.Size, head.Size, old.Root.Span, head.Root.Span, consistency));
        Assert.True(MerkleProofs.VerifyInclusion(MerkleHash.LeafHash(entries[12].Data), 12, head.Size, inclusion, head.Root.Span));
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task EntriesAsync_ReturnsTheCanonicalBytesOfTheRange(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        using var tree = db.OpenTree();
        await AppendAsync(db, 12);
        var expected = await StoredLog.CanonicalEntriesAsync(db);

        var entries = await tree.EntriesAsync(3, 9);

        Assert.Equal(Enumerable.Range(3, 6).Select(i => (long)i), entries.Select(e => e.Index));
        Assert.Equal(expected[3..9], entries.Select(e => e.Data));
        Assert.Equal("req-000003", CanonicalRecord.Decode(entries[0].Data).RequestId);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task EntriesAsync_RangeLongerThanTheLimit_IsCutToMaxEntries(AuditStoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        using var tree = db.OpenTree();
        await AppendAsync(db, AuditTree.MaxEntries + 5);

        var entries = await tree.EntriesAsync(2, AuditTree.MaxEntries + 5);

        Assert.Equal(AuditTree.MaxEntries, entries.Count);
        Assert.Equal(2, entries[0].Index);
        Assert.Equal(AuditTree.MaxEntries + 1, entries[^1].Index);
    }

    [Theory]
    [InlineData(-1, 3, "index")]
    [InlineData(3, 3, "index")]
    [InlineData(0, 0, "index")]
    [InlineData(0, 6, "treeSize")]
    public async Task InclusionProofAsync_OutsideTheLog_ThrowsNamingTheRule(long index, long treeSize, string parameter)
    {
        await using var db = await TestStore.CreateAsync(AuditStoreKind.Sqlite);
        using var tree = db.OpenTree();
        await AppendAsync(db, 5);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => tree.InclusionProofAsync(index, treeSize));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(parameter == "index" ? "0 ≤ index < treeSize" : "must not exceed the log's size (5)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 3, "first")]
    [InlineData(4, 3, "first")]
    [InlineData(2, 6, "second")]
    public async Task ConsistencyProofAsync_OutsideTheLog_ThrowsNamingTheRule(long first, long second, string parameter)
    {
        await using var db = await TestStore.CreateAsync(AuditStoreKind.Sqlite);
        using var tree = db.OpenTree();
        await AppendAsync(db, 5);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => tree.ConsistencyProofAsync(first, second));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(parameter == "first" ? "0 ≤ first ≤ second" : "must not exceed the log's size (5)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 3, "start")]
    [InlineData(3, 3, "start")]
    [InlineData(4, 2, "start")]
    [InlineData(2, 6, "end")]
    public async Task EntriesAsync_OutsideTheLog_ThrowsNamingTheRule(long start, long end, string parameter)
    {
        await using var db = await TestStore.CreateAsync(AuditStoreKind.Sqlite);
        using var tree = db.OpenTree();
        await AppendAsync(db, 5);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => tree.EntriesAsync(start, end));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(parameter == "start" ? "0 ≤ start < end" : "must not exceed the log's size (5)", error.Message, StringComparison.Ordinal);
    }

    private static async Task AppendAsync(TestStore db, int count, int from = 0)
    {
        await using var log = db.OpenLog();
        await Task.WhenAll(Enumerable.Range(from, count - from)
            .Select(i => log.AppendAsync(i % 3 == 0 ? TestRecords.Denied(i) : TestRecords.Allowed(i)).AsTask()));
    }
}
