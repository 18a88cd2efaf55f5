using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Interchange.Audit.Checkpoints;
using Interchange.Audit.Merkle;
using Interchange.Samples;
using static Interchange.EndToEnd.Tests.ConditionalSharing.SharingClient;

namespace Interchange.EndToEnd.Tests.ConditionalSharing;

/// <summary>
/// The subject access report: which agencies read data about one citizen or company, when, why and under which rule,
/// found through keyed hashes only (docs/security.md, case 27), each row provable against the signed checkpoint.
/// </summary>
public sealed class SubjectAccessReportTests : FreshInterchange
{
    private const string ReportQuery = """
        query($subject: String!) { subjectAccessReport(subject: $subject) {
          leafIndex kind requestId time agency dataset purpose case decision problem rule status fields subjectCount } }
        """;

    [Fact]
    public async Task Report_ListsEveryReadOfTheCitizensRecords_ByAnyDoor_AndNoOtherRead()
    {
        await Sharing.GrantedAsync();
        var single = await Sharing.ReadAsync(CivilAffairs, Household, "records/" + Key(0));
        var page = await Sharing.ReadAsync(CivilAffairs, Household, "records?limit=3&offset=0");
        var viaGraphQL = Succeeded(await Sharing.RecordsAsync(CivilAffairs, Household, "records/" + Key(0)), "records");
        var someoneElse = await Sharing.ReadAsync(CivilAffairs, Household, "records/" + Key(7));
        Assert.All([single, page, someoneElse], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Contains(Key(0)[..6], viaGraphQL.GetProperty("id_number").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, (await JsonAsync(page)).GetProperty("records").GetArrayLength());

        var report = await ReportAsync(Key(0));

        var reads = report.Where(e => e.GetProperty("kind").GetString() == "data-access").ToList();
        Assert.Equal(3, reads.Count);
        Assert.Contains(reads, e => e.GetProperty("requestId").GetString() == RequestId(single));
        Assert.Contains(reads, e => e.GetProperty("requestId").GetString() == RequestId(page));
        Assert.DoesNotContain(reads, e => e.GetProperty("requestId").GetString() == RequestId(someoneElse));
        Assert.All(reads, e =>
        {
            Assert.Equal(CivilAffairs, e.GetProperty("agency").GetString());
            Assert.Equal(Household, e.GetProperty("dataset").GetString());
            Assert.Equal(Allowance, e.GetProperty("purpose").GetString());
            Assert.Equal(Case, e.GetProperty("case").GetString());
            Assert.Equal("ALLOWED", e.GetProperty("decision").GetString());
            Assert.StartsWith("household-registration@", e.GetProperty("rule").GetString(), StringComparison.Ordinal);
        });
        Assert.Equal(3, reads.Single(e => e.GetProperty("requestId").GetString() == RequestId(page)).GetProperty("subjectCount").GetInt32());
        var leafIndexes = report.Select(e => e.GetProperty("leafIndex").GetInt64()).ToList();
        Assert.Equal(leafIndexes.Order(), leafIndexes);

        // The identifier as a person might type it (lower-case check letter, spaces) finds the same records.
        var typed = await ReportAsync(" " + Key(0).ToLowerInvariant() + " ");
        Assert.Equal(reads.Select(e => e.GetProperty("leafIndex").GetInt64()), typed.Where(e => e.GetProperty("kind").GetString() == "data-access").Select(e => e.GetProperty("leafIndex").GetInt64()));
    }

    [Fact]
    public async Task Report_FindsTheCitizen_EvenWhenTheConsumerWasNotGrantedTheIdNumber()
    {
        await Sharing.GrantedAsync(approved: ["name"]);
        var read = await Sharing.ReadAsync(CivilAffairs, Household, "records/" + Key(1));
        var record = await JsonAsync(read);
        Assert.False(record.TryGetProperty("id_number", out _));

        var report = await ReportAsync(Key(1));

        var access = Assert.Single(report, e => e.GetProperty("kind").GetString() == "data-access");
        Assert.Equal(RequestId(read), access.GetProperty("requestId").GetString());
        Assert.Equal(["name"], access.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Report_AnswersForCompaniesByCreditCode()
    {
        var licence = DemoData.BusinessLicenses[3];
        var read = await Sharing.ReadAsync(CivilAffairs, DemoData.BusinessLicensesId, $"records/{licence["uscc"]}", @case: null);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        var report = await ReportAsync((string)licence["uscc"]!);

        var access = Assert.Single(report, e => e.GetProperty("kind").GetString() == "data-access");
        Assert.Equal(RequestId(read), access.GetProperty("requestId").GetString());
        Assert.Equal(DemoData.BusinessLicensesId, access.GetProperty("dataset").GetString());
    }

    [Fact]
    public async Task ReportRows_CarryLeafIndexesWhoseInclusionProofsVerifyAgainstTheSignedCheckpoint()
    {
        await Sharing.GrantedAsync();
        await Sharing.ReadAsync(CivilAffairs, Household, "records/" + Key(2));
        var row = Assert.Single(await ReportAsync(Key(2)), e => e.GetProperty("kind").GetString() == "data-access");
        var index = row.GetProperty("leafIndex").GetInt64();
        var http = Sharing.Client.Http;

        var key = (await http.GetStringAsync("audit/key")).Trim();
        Assert.True(CheckpointVerifier.TryVerify(await http.GetStringAsync("audit/checkpoint"), key, out var head));
        var entry = (await AuditorJsonAsync($"audit/entries?start={index}&end={index + 1}")).GetProperty("entries")[0];
        var proof = await AuditorJsonAsync($"audit/proof/inclusion?index={index}&size={head.Size}");

        Assert.Equal(index, entry.GetProperty("index").GetInt64());
        var data = entry.GetProperty("data").GetBytesFromBase64();
        var hashes = proof.GetProperty("hashes").EnumerateArray().Select(h => h.GetBytesFromBase64()).ToList();
        Assert.True(MerkleProofs.VerifyInclusion(MerkleHash.LeafHash(data), index, head.Size, hashes, head.Root.Span));
        var decoded = Interchange.Audit.Canonical.CanonicalRecord.Decode(data);
        Assert.Equal(row.GetProperty("requestId").GetString(), decoded.RequestId);
        Assert.Single(decoded.Subjects);
        // The exported entry holds the keyed hash, never the id number.
        Assert.DoesNotContain(Key(2), System.Text.Encoding.UTF8.GetString(data), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditLogAndExports_HoldNoIdNumberNameOrToken_OnlyKeyedHashes()
    {
        await Sharing.GrantedAsync();
        var token = await Sharing.TokenAsync(CivilAffairs);
        await Sharing.ReadAsync(CivilAffairs, Household, "records?limit=20&offset=0");
        await ReportAsync(Key(0));

        var files = Directory.GetFiles(Fixture.Scenario.DataDirectory, "audit.db*");
        var stored = string.Concat(files.Select(f => System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(f))));

        Assert.NotEmpty(files);
        for (var i = 0; i < 20; i++)
        {
            Assert.DoesNotContain(Key(i), stored, StringComparison.Ordinal);
            Assert.DoesNotContain((string)Source(i)["name"]!, stored, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(token, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_IsItselfRecorded_SoTheCitizensNextReportShowsWhoLookedThemUp()
    {
        var first = await Sharing.AsAsync(AuditOffice, ReportQuery, new { subject = Key(4) });
        Assert.DoesNotContain(Succeeded(first, "subjectAccessReport").EnumerateArray(), e => e.GetProperty("kind").GetString() == "data-access");

        var second = await ReportAsync(Key(4));

        var lookups = second.Where(e => e.GetProperty("kind").GetString() == "subject-report").ToList();
        Assert.Equal(2, lookups.Count);
        Assert.Equal(first.RequestId, lookups[0].GetProperty("requestId").GetString());
        Assert.All(lookups, e => Assert.Equal(AuditOffice, e.GetProperty("agency").GetString()));
        var other = await ReportAsync(Key(5));
        Assert.DoesNotContain(other, e => e.GetProperty("requestId").GetString() == first.RequestId);
    }

    [Fact]
    public async Task Report_ForAConsumerOrProvider_IsForbiddenAndGivesNoData()
    {
        foreach (var agency in new[] { CivilAffairs, PublicSecurity })
        {
            var result = await Sharing.AsAsync(agency, ReportQuery, new { subject = Key(0) });

            Assert.Equal("FORBIDDEN", result.FirstErrorCode);
            Assert.Equal(JsonValueKind.Null, result.Data.ValueKind);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("4403051990010112340000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")]
    public async Task Report_WithoutAnIdentifier_IsBadInputAndRecordsNothing(string subject)
    {
        var before = (await Sharing.AuditEventsAsync()).Count;

        var result = await Sharing.AsAsync(AuditOffice, ReportQuery, new { subject });

        Assert.Equal("BAD_USER_INPUT", result.FirstErrorCode);
        Assert.Equal(before, (await Sharing.AuditEventsAsync()).Count);
    }

    private async Task<List<JsonElement>> ReportAsync(string subject) =>
        [.. Succeeded(await Sharing.AsAsync(AuditOffice, ReportQuery, new { subject }), "subjectAccessReport").EnumerateArray()];

    private async Task<JsonElement> AuditorJsonAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Sharing.TokenAsync(AuditOffice));
        var response = await Sharing.Client.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
