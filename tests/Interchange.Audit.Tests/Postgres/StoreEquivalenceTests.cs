using Interchange.Audit.Merkle;
using Interchange.Audit.Proofs;
using Interchange.Audit.Subjects;
using Interchange.Audit.Tests.Merkle;
using Interchange.Audit.Tests.Proofs;
using Interchange.Audit.Tests.Stores;
using Interchange.Testing.Servers;

namespace Interchange.Audit.Tests.Postgres;

/// <summary>The same records in the same order give the same log on either store: leaves, roots, proofs, entries.</summary>
public sealed class StoreEquivalenceTests
{
    private static readonly SubjectHasher Hasher = new([.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))]);

    [PostgresFact]
    public async Task SameRecords_OnSqliteAndPostgres_GiveTheSameHeadsProofsAndEntries()
    {
        await using var sqlite = await TestStore.CreateAsync(AuditStoreKind.Sqlite);
        await using var postgres = await TestStore.CreateAsync(AuditStoreKind.Postgres);
        var records = Records().ToArray();
        foreach (var store in new[] { sqlite, postgres })
        {
            await using var log = store.OpenLog();
            for (var i = 0; i < records.Length; i++)
            {
                Assert.Equal(i, await log.AppendAsync(records[i]));
            }
        }

        using var sqliteTree = sqlite.OpenTree();
        using var postgresTree = postgres.OpenTree();
        var entries = await StoredLog.CanonicalEntriesAsync(sqlite);

        Assert.Equal(await sqlite.StoredLeafHashesAsync(), await postgres.StoredLeafHashesAsync());
        Assert.Equal(entries, await StoredLog.CanonicalEntriesAsync(postgres));
        var head = await postgresTree.HeadAsync();
        Assert.Equal(await sqliteTree.HeadAsync(), head);
        Assert.Equal(new TreeHead(records.Length, NaiveMerkle.Mth(entries)), head);
        Assert.Equal(
            (await sqliteTree.EntriesAsync(0, records.Length)).Select(e => (e.Index, Convert.ToHexString(e.Data))),
            (await postgresTree.EntriesAsync(0, records.Length)).Select(e => (e.Index, Convert.ToHexString(e.Data))));
        foreach (var size in new long[] { 1, 2, 7, 16, records.Length })
        {
            for (var index = 0L; index < size; index += 3)
            {
                var proof = await postgresTree.InclusionProofAsync(index, size);
                Assert.Equal(NaiveMerkle.Hex(await sqliteTree.InclusionProofAsync(index, size)), NaiveMerkle.Hex(proof));
                Assert.True(MerkleProofs.VerifyInclusion(MerkleHash.LeafHash(entries[index]), index, size, proof, NaiveMerkle.Mth(entries[..(int)size])));
            }

            for (var first = 0L; first <= size; first += 5)
            {
                Assert.Equal(
                    NaiveMerkle.Hex(await sqliteTree.ConsistencyProofAsync(first, size)),
                    NaiveMerkle.Hex(await postgresTree.ConsistencyProofAsync(first, size)));
            }
        }

        Assert.Equal(
            (await sqlite.OpenReader().SubjectRecordsAsync(Hasher.Hash("440305198802150011")!, 100)).Records.Select(r => r.LeafIndex),
            (await postgres.OpenReader().SubjectRecordsAsync(Hasher.Hash("440305198802150011")!, 100)).Records.Select(r => r.LeafIndex));
    }

    /// <summary>Every kind of value a record holds: absent and empty, text beyond ASCII, times before 1970, subjects.</summary>
    private static IEnumerable<AuditRecord> Records()
    {
        for (var i = 0; i < 23; i++)
        {
            var record = (i % 3) switch
            {
                0 => TestRecords.Allowed(i),
                1 => TestRecords.Denied(i) with { Case = i % 2 == 0 ? "" : null, Purpose = null },
                _ => TestRecords.Allowed(i, agency: "gz-人力资源") with { Fields = ["名称", "e\u0301", "\"q\"", ""], Detail = "引用 \\ tab\t😀" },
            };
            if (i % 4 == 0)
            {
                record = record with { Subjects = Hasher.HashAll(["11010519491231002X", "440305198802150011"]) };
            }

            if (i == 5)
            {
                record = record with { Time = new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.FromHours(-5)).AddTicks(-13) };
            }

            yield return record;
        }
    }
}
