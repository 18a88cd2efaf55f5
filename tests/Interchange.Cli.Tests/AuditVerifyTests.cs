using Interchange.Audit;
using Interchange.Audit.Canonical;
using Interchange.Audit.Checkpoints;
using Interchange.Audit.Proofs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Interchange.Cli.Tests;

/// <summary>
/// `interchange audit verify` on real exports of a real log (docs/security.md, case 25): a changed, removed,
/// inserted or reordered record is reported at its first bad index; an intact export verifies.
/// </summary>
public sealed class AuditVerifyTests : IAsyncLifetime
{
    private const int Size = 20;
    private readonly string _directory = Directory.CreateTempSubdirectory("interchange-cli-").FullName;
    private string _key = "";
    private string _checkpoint = "";
    private string _earlierCheckpoint = "";
    private IReadOnlyList<byte[]> _consistency = [];
    private AuditExport _export = null!;

    public async Task InitializeAsync()
    {
        var options = Options.Create(new AuditOptions { DatabasePath = Path.Combine(_directory, "audit.db") });
        await using (var log = new SqliteAuditLog(options, NullLogger<SqliteAuditLog>.Instance))
        {
            for (var i = 0; i < Size; i++)
            {
                await log.AppendAsync(Record(i));
            }
        }

        using var tree = new AuditTree(options);
        using var signer = new CheckpointSigner(Path.Combine(_directory, "checkpoint.key"), "test.example/audit", mayGenerate: true);
        var head = await tree.HeadAsync();
        _key = signer.VerifierKey;
        _checkpoint = signer.Sign(head);
        _export = await AuditVerifier.ExportAsync(tree, head, CancellationToken.None);

        // An earlier checkpoint of the first half, as an auditor would have kept it.
        var root10 = new Interchange.Audit.Merkle.MerkleTree();
        foreach (var entry in _export.Entries.Take(10))
        {
            root10.Append(Interchange.Audit.Merkle.MerkleHash.LeafHash(entry.Data));
        }

        _earlierCheckpoint = signer.Sign(new TreeHead(10, root10.Root()));
        _consistency = await tree.ConsistencyProofAsync(10, Size);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void Verify_IntactExport_Succeeds()
    {
        var result = AuditVerifier.Verify(_key, _checkpoint, _export, _earlierCheckpoint, _consistency);

        Assert.True(result.Ok, result.Message);
        Assert.Null(result.FirstBadIndex);
    }

    [Fact]
    public void Verify_ChangedRecord_ReportsItsIndex()
    {
        var entries = _export.Entries.ToList();
        var changed = CanonicalRecord.Decode(entries[7].Data) with { Agency = "sz-market-regulation" };
        entries[7] = entries[7] with { Data = CanonicalRecord.Encode(changed) };

        var result = AuditVerifier.Verify(_key, _checkpoint, _export with { Entries = entries });

        Assert.False(result.Ok);
        Assert.Equal(7, result.FirstBadIndex);
    }

    [Fact]
    public void Verify_RemovedRecordRenumbered_ReportsWhereItWas()
    {
        var entries = _export.Entries.Where(e => e.Index != 5).Select((e, i) => e with { Index = i }).ToList();

        var result = AuditVerifier.Verify(_key, _checkpoint, _export with { Entries = entries });

        Assert.False(result.Ok);
        Assert.Equal(5, result.FirstBadIndex);
    }

    [Fact]
    public void Verify_RemovedRecordWithGap_ReportsTheGap()
    {
        var entries = _export.Entries.Where(e => e.Index != 12).ToList();

        var result = AuditVerifier.Verify(_key, _checkpoint, _export with { Entries = entries });

        Assert.Equal(12, result.FirstBadIndex);
    }

    [Fact]
    public void Verify_InsertedRecord_ReportsWhereItWasInserted()
    {
        var forged = _export.Entries[2] with { Data = CanonicalRecord.Encode(Record(99)) };
        var entries = _export.Entries.Take(3).Append(forged).Concat(_export.Entries.Skip(3)).Select((e, i) => e with { Index = i }).ToList();

        var result = AuditVerifier.Verify(_key, _checkpoint, _export with { Entries = entries });

        Assert.Equal(3, result.FirstBadIndex);
    }

    [Fact]
    public void Verify_ReorderedRecords_ReportsTheFirstMovedOne()
    {
        var entries = _export.Entries.ToList();
        (entries[4], entries[9]) = (entries[9] with { Index = 4 }, entries[4] with { Index = 9 });

        var result = AuditVerifier.Verify(_key, _checkpoint, _export with { Entries = entries });

        Assert.Equal(4, result.FirstBadIndex);
    }

    [Fact]
    public void Verify_TruncatedExport_ReportsTheFirstMissingIndex()
    {
        var result = AuditVerifier.Verify(_key, _checkpoint, _export with { Entries = _export.Entries.Take(Size - 1).ToList() });

        Assert.Equal(Size - 1, result.FirstBadIndex);
    }

    [Fact]
    public void Verify_CheckpointFromAnotherKeyOrAltered_Fails()
    {
        using var other = new CheckpointSigner(Path.Combine(_directory, "other.key"), "test.example/audit", mayGenerate: true);

        Assert.False(AuditVerifier.Verify(other.VerifierKey, _checkpoint, _export).Ok);
        Assert.False(AuditVerifier.Verify(_key, _checkpoint.Replace("\n20\n", "\n19\n", StringComparison.Ordinal), _export).Ok);
    }

    [Fact]
    public void Verify_RewrittenHistory_FailsTheConsistencyWithTheEarlierCheckpoint()
    {
        var forgedProof = _consistency.Select(h => h.ToArray()).ToList();
        forgedProof[0][0] ^= 1;

        var result = AuditVerifier.Verify(_key, _checkpoint, _export, _earlierCheckpoint, forgedProof);

        Assert.False(result.Ok);
        Assert.Contains("rewritten", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_VerifyFiles_ExitsZeroWhenIntactAndOneWithTheIndexWhenTampered()
    {
        var key = Path.Combine(_directory, "key.txt");
        var checkpoint = Path.Combine(_directory, "checkpoint.txt");
        var entries = Path.Combine(_directory, "entries.json");
        await File.WriteAllTextAsync(key, _key + "\n");
        await File.WriteAllTextAsync(checkpoint, _checkpoint);
        _export.Write(entries);
        string[] args = ["audit", "verify", "--key", key, "--checkpoint", checkpoint, "--entries", entries];

        using var intact = new StringWriter();
        Assert.Equal(0, await Cli.RunAsync(args, intact, TextWriter.Null));
        Assert.StartsWith("OK", intact.ToString(), StringComparison.Ordinal);

        var tampered = _export.Entries.ToList();
        tampered[3] = tampered[3] with { Data = CanonicalRecord.Encode(CanonicalRecord.Decode(tampered[3].Data) with { Status = 403 }) };
        (_export with { Entries = tampered }).Write(entries);
        using var failed = new StringWriter();
        Assert.Equal(1, await Cli.RunAsync(args, failed, TextWriter.Null));
        Assert.Contains("FAILED at index 3", failed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_BadUsageOrMissingFile_ExitsTwoSayingWhy()
    {
        using var error = new StringWriter();

        Assert.Equal(2, await Cli.RunAsync(["audit"], TextWriter.Null, error));
        Assert.Contains("interchange audit verify", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await Cli.RunAsync(["audit", "verify", "--key", Path.Combine(_directory, "nope.txt"), "--checkpoint", "x", "--entries", "y"], TextWriter.Null, error));
    }

    private static AuditRecord Record(int n) => new()
    {
        Time = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).AddSeconds(n),
        Kind = AuditKinds.DataAccess,
        RequestId = "req-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Agency = "sz-civil-affairs",
        Dataset = "business-licenses",
        Purpose = "business-verification",
        Decision = AuditDecision.Allowed,
        Status = 200,
        Rule = "business-licenses@2026-11-01.1",
        Fields = ["uscc", "company_name"],
    };
}
