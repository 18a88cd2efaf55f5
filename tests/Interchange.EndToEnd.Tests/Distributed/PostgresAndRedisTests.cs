using System.Net;
using System.Text.Json;
using Interchange.Audit.Checkpoints;
using Interchange.Audit.Merkle;
using Interchange.EndToEnd.Tests.ConditionalSharing;
using Interchange.Samples;
using Interchange.Testing.Servers;
using static Interchange.EndToEnd.Tests.ConditionalSharing.SharingClient;

namespace Interchange.EndToEnd.Tests.Distributed;

/// <summary>The demo story and the store's faults on the production engines: PostgreSQL for every store, Redis for the caches.</summary>
public sealed class PostgresAndRedisTests
{
    [PostgresAndRedisFact]
    public async Task DemoStory_OnPostgresAndRedis_RefusedAppliesApprovedReadsMaskedRevoked_AndTheLogVerifies()
    {
        await using var run = await StartAsync();
        var sharing = new SharingClient(run.Fixture.Client);

        var refused = await sharing.ReadAsync(CivilAffairs, Household, "records/" + Key(0));
        await ProblemAsync(refused, HttpStatusCode.Forbidden, "grant-required");
        var (_, grant) = await sharing.GrantedAsync(approved: ["id_number", "name", "address"]);
        var allowed = await sharing.ReadAsync(CivilAffairs, Household, "records/" + Key(0));
        var record = await JsonAsync(allowed);
        Assert.Equal(Key(0)[..6] + new string('*', Key(0).Length - 10) + Key(0)[^4..], record.GetProperty("id_number").GetString());
        Succeeded(await sharing.TryRevokeAsync(PublicSecurity, grant), "revokeGrant");
        await ProblemAsync(await sharing.ReadAsync(CivilAffairs, Household, "records/" + Key(0)), HttpStatusCode.Forbidden, "grant-required");
        var criminal = await sharing.ReadAsync(CivilAffairs, DemoData.CriminalRecordsId, "records");
        await ProblemAsync(criminal, HttpStatusCode.Forbidden, "not-shared");

        // The auditor's view comes from the PostgreSQL log: every step, the subject report, and a verifying checkpoint.
        var events = await sharing.AuditEventsAsync();
        Assert.Contains(events, e => e.GetProperty("requestId").GetString() == RequestId(allowed) && e.GetProperty("decision").GetString() == "ALLOWED");
        Assert.Contains(events, e => e.GetProperty("kind").GetString() == "grant-revoked");
        var report = Succeeded(await sharing.AsAsync(AuditOffice, "query($s: String!) { subjectAccessReport(subject: $s) { requestId kind } }", new { s = Key(0) }), "subjectAccessReport");
        Assert.Contains(report.EnumerateArray(), e => e.GetProperty("requestId").GetString() == RequestId(allowed));
        await AssertLogVerifiesAsync(run.Fixture.Client.Http, events.Count);
        sharing.AssertNoCanary();
    }

    [PostgresAndRedisFact]
    public async Task PostgresGone_DataPlaneAnswers503WithRetryAfterAndReleasesNothing_ThenRecoversWithoutRestart()
    {
        await using var run = await StartAsync();
        var sharing = new SharingClient(run.Fixture.Client);
        await sharing.GrantedAsync();
        await sharing.TokenAsync(CivilAffairs);
        await sharing.TokenAsync(AuditOffice);
        var licence = (string)DemoData.BusinessLicenses[0]["uscc"]!;
        Assert.Equal(HttpStatusCode.OK, (await sharing.ReadAsync(CivilAffairs, DemoData.BusinessLicensesId, "records/" + licence, @case: null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sharing.ReadAsync(CivilAffairs, Household, "records/" + Key(1))).StatusCode);

        run.Fixture.Postgres.Sever();

        foreach (var (dataset, path) in new[] { (DemoData.BusinessLicensesId, "records/" + licence), (Household, "records/" + Key(1)) })
        {
            var answer = await sharing.ReadAsync(CivilAffairs, dataset, path);
            var body = await answer.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.True(answer.Headers.RetryAfter is not null, "503 without Retry-After");
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain(licence, body, StringComparison.Ordinal);
            Assert.DoesNotContain(Key(1)[^4..] + "\"", body, StringComparison.Ordinal);
        }

        var whileDown = await sharing.AsAsync(CivilAffairs, "{ datasets { totalCount } }");
        Assert.True(whileDown.HasErrors, whileDown.Body);

        run.Fixture.Postgres.Restore();

        // No restart: the next reads succeed again once connections are re-established.
        var recovered = await EventuallyAsync(async () =>
            (await sharing.ReadAsync(CivilAffairs, Household, "records/" + Key(1))).StatusCode == HttpStatusCode.OK);
        Assert.True(recovered, "the data plane did not recover after PostgreSQL came back");
        Assert.Equal(HttpStatusCode.OK, (await sharing.ReadAsync(CivilAffairs, DemoData.BusinessLicensesId, "records/" + licence, @case: null)).StatusCode);
        var datasets = Succeeded(await sharing.AsAsync(CivilAffairs, "{ datasets { totalCount } }"), "datasets");
        Assert.Equal(4, datasets.GetProperty("totalCount").GetInt32());
        await AssertLogVerifiesAsync(run.Fixture.Client.Http, (await sharing.AuditEventsAsync()).Count);
        sharing.AssertNoCanary();
    }

    [PostgresAndRedisFact]
    public async Task TwinApplicationsAtOnce_OnPostgres_OneWaitsAndTheOthersAreToldWhy()
    {
        await using var run = await StartAsync();
        var sharing = new SharingClient(run.Fixture.Client);
        await sharing.TokenAsync(CivilAffairs);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => sharing.TryRequestAccessAsync(CivilAffairs)));

        Assert.Single(attempts, a => !a.HasErrors);
        Assert.All(attempts.Where(a => a.HasErrors), a => Assert.Equal("BAD_USER_INPUT", a.FirstErrorCode));
        Assert.Single(await sharing.RequestsAsync(CivilAffairs));
    }

    [PostgresAndRedisFact]
    public async Task DatasetSearch_OnPostgres_IgnoresCaseAsOnSqlite()
    {
        await using var run = await StartAsync();
        var sharing = new SharingClient(run.Fixture.Client);

        var found = Succeeded(await sharing.AsAsync(CivilAffairs, """{ datasets(filter: {text: "HOUSEHOLD"}) { nodes { id } } }"""), "datasets");

        Assert.Equal([Household], Nodes(found).Select(Id));
    }

    private static async Task<Run> StartAsync()
    {
        var fixture = new OnPostgresAndRedis();
        try
        {
            await fixture.InitializeAsync();
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }

        return new Run(fixture);
    }

    /// <summary>The signed checkpoint covers every record (gap-free) and the last one's inclusion proof verifies.</summary>
    private static async Task AssertLogVerifiesAsync(HttpClient http, int events)
    {
        var key = (await http.GetStringAsync("audit/key")).Trim();
        Assert.True(CheckpointVerifier.TryVerify(await http.GetStringAsync("audit/checkpoint"), key, out var head));
        Assert.True(head.Size >= events, $"checkpoint size {head.Size} < {events} events");
        var auditor = await new SharingClient(new Interchange.Testing.InterchangeClient(http.BaseAddress!)).TokenAsync(AuditOffice);
        using var entries = new HttpRequestMessage(HttpMethod.Get, $"audit/entries?start={head.Size - 1}&end={head.Size}");
        entries.Headers.Authorization = new("Bearer", auditor);
        using var proof = new HttpRequestMessage(HttpMethod.Get, $"audit/proof/inclusion?index={head.Size - 1}&size={head.Size}");
        proof.Headers.Authorization = new("Bearer", auditor);
        var entry = JsonDocument.Parse(await (await http.SendAsync(entries)).Content.ReadAsStringAsync()).RootElement.GetProperty("entries")[0];
        var hashes = JsonDocument.Parse(await (await http.SendAsync(proof)).Content.ReadAsStringAsync()).RootElement.GetProperty("hashes")
            .EnumerateArray().Select(h => h.GetBytesFromBase64()).ToList();
        Assert.True(MerkleProofs.VerifyInclusion(MerkleHash.LeafHash(entry.GetProperty("data").GetBytesFromBase64()), head.Size - 1, head.Size, hashes, head.Root.Span));
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }

    private sealed class Run(OnPostgresAndRedis fixture) : IAsyncDisposable
    {
        public OnPostgresAndRedis Fixture => fixture;

        public async ValueTask DisposeAsync() => await fixture.DisposeAsync();
    }
}
