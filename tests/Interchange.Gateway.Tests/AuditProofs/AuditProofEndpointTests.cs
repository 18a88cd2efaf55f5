using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Interchange.Audit.Canonical;
using Interchange.Audit.Checkpoints;
using Interchange.Audit.Merkle;
using Interchange.Audit.Proofs;
using Interchange.Core.Http;
using Interchange.Testing;

namespace Interchange.Gateway.Tests.AuditProofs;

/// <summary>The audit log as a transparency log, checked the way an outside auditor would: only with what the endpoints publish.</summary>
public sealed class AuditProofEndpointTests : IClassFixture<InterchangeFixture>
{
    private readonly InterchangeFixture _fixture;

    public AuditProofEndpointTests(InterchangeFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Checkpoint_IsSignedByThePublishedKey_AndCoversEveryEntry()
    {
        await MakeSomeAccessesAsync(5);
        var key = (await _fixture.Client.Http.GetStringAsync("audit/key")).Trim();
        var note = await _fixture.Client.Http.GetStringAsync("audit/checkpoint");

        Assert.True(CheckpointVerifier.TryVerify(note, key, out var head), note);
        Assert.True(head.Size >= 5);

        // Recompute the root from the exported entries alone.
        var entries = await EntriesAsync(0, head.Size);
        Assert.Equal(Enumerable.Range(0, (int)head.Size).Select(i => (long)i), entries.Select(e => e.Index));
        var tree = new MerkleTree();
        foreach (var (_, data) in entries)
        {
            CanonicalRecord.Decode(data);
            tree.Append(MerkleHash.LeafHash(data));
        }

        Assert.Equal(head.Root.ToArray(), tree.Root());
        Assert.DoesNotContain(entries, e => System.Text.Encoding.UTF8.GetString(e.Data).Contains("CANARY-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InclusionAndConsistencyProofs_VerifyAgainstSignedCheckpoints()
    {
        await MakeSomeAccessesAsync(3);
        var key = (await _fixture.Client.Http.GetStringAsync("audit/key")).Trim();
        Assert.True(CheckpointVerifier.TryVerify(await _fixture.Client.Http.GetStringAsync("audit/checkpoint"), key, out var earlier));
        await MakeSomeAccessesAsync(4);
        Assert.True(CheckpointVerifier.TryVerify(await _fixture.Client.Http.GetStringAsync("audit/checkpoint"), key, out var later));
        Assert.True(later.Size > earlier.Size);

        var entries = await EntriesAsync(0, later.Size);
        foreach (var (index, data) in entries)
        {
            var proof = await AuditorJsonAsync($"audit/proof/inclusion?index={index}&size={later.Size}");
            Assert.Equal(index, proof.GetProperty("leafIndex").GetInt64());
            Assert.True(MerkleProofs.VerifyInclusion(MerkleHash.LeafHash(data), index, later.Size, Hashes(proof), later.Root.ToArray()), $"leaf {index}");
        }

        var consistency = await AuditorJsonAsync($"audit/proof/consistency?from={earlier.Size}&to={later.Size}");
        Assert.True(MerkleProofs.VerifyConsistency(earlier.Size, later.Size, earlier.Root.ToArray(), later.Root.ToArray(), Hashes(consistency)));
    }

    [Fact]
    public async Task EntriesAndProofs_AreForAuditorsOnly()
    {
        var consumer = await _fixture.Client.TokenAsync("sz-civil-affairs");

        var anonymous = await _fixture.Client.Http.GetAsync("audit/entries?start=0&end=1");
        using var request = new HttpRequestMessage(HttpMethod.Get, "audit/proof/inclusion?index=0&size=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", consumer);
        var asConsumer = await _fixture.Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asConsumer.StatusCode);
        Assert.Equal("application/problem+json", asConsumer.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("audit/proof/inclusion?index=999999&size=1")]
    [InlineData("audit/proof/inclusion?index=0&size=999999")]
    [InlineData("audit/proof/inclusion?index=-1&size=1")]
    [InlineData("audit/proof/consistency?from=5&to=2")]
    [InlineData("audit/entries?start=abc&end=1")]
    [InlineData("audit/entries?start=999999&end=1000000")]
    public async Task Proofs_BadParameters_Return400SayingWhy(string path)
    {
        await MakeSomeAccessesAsync(1);
        var auditor = await _fixture.Client.TokenAsync("gd-audit-office");
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", auditor);

        var response = await _fixture.Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(ProblemTypes.BadRequest.Uri, problem.GetProperty("type").GetString());
        Assert.DoesNotContain("Parameter", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task MakeSomeAccessesAsync(int count)
    {
        var token = await _fixture.Client.TokenAsync("sz-civil-affairs");
        for (var i = 0; i < count; i++)
        {
            await _fixture.Client.ReadAsync(token, i % 2 == 0 ? "data/business-licenses/records?limit=1" : "data/criminal-records/records", "business-verification");
        }
    }

    private async Task<List<(long Index, byte[] Data)>> EntriesAsync(long start, long end)
    {
        var entries = new List<(long, byte[])>();
        while (start < end)
        {
            var page = await AuditorJsonAsync($"audit/entries?start={start}&end={end}");
            var items = page.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("index").GetInt64(), e.GetProperty("data").GetBytesFromBase64())).ToList();
            Assert.NotEmpty(items);
            entries.AddRange(items);
            start += items.Count;
        }

        return entries;
    }

    private async Task<JsonElement> AuditorJsonAsync(string path)
    {
        var auditor = await _fixture.Client.TokenAsync("gd-audit-office");
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", auditor);
        var response = await _fixture.Client.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static byte[][] Hashes(JsonElement proof) => [.. proof.GetProperty("hashes").EnumerateArray().Select(h => h.GetBytesFromBase64())];
}
