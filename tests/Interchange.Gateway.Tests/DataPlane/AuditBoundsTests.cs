using System.Net;
using Interchange.Audit;
using Interchange.Core.Http;
using Interchange.Gateway.Tests.Support;

namespace Interchange.Gateway.Tests.DataPlane;

/// <summary>
/// Whatever a caller sends that reaches a record of the permanent log, authenticated or not, is bounded: purpose and
/// case at 128 characters, a dataset id at the catalogue's 128, a detail at 512; a longer value is cut and ends in '…'.
/// </summary>
public sealed class AuditBoundsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const int MaxValue = 128;
    private const int MaxDetail = 512;

    private static readonly string LongPurpose = "p" + new string('P', 10 * 1024);
    private static readonly string LongCase = "c" + new string('C', 10 * 1024);
    private static readonly string LongDataset = "d" + new string('x', 7000);

    [Fact]
    public async Task Anonymous_10KbPurposeAndCase_Is401_AndTheRecordHoldsAtMost128CharactersOfEach()
    {
        var response = await fixture.Client.ReadAsync(null, $"data/{TestProvider.Echo}/records", LongPurpose, LongCase);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        var record = await Expect.AuditedRefusalAsync(fixture, response, "anonymous", TestProvider.Echo, "unauthenticated");
        AssertCut(LongPurpose, record.Purpose, MaxValue);
        AssertCut(LongCase, record.Case, MaxValue);
        AssertBounded(record);
    }

    [Fact]
    public async Task Anonymous_7000CharacterDatasetId_Is401_AndTheRecordHoldsAtMost128Characters()
    {
        var response = await fixture.Client.ReadAsync(null, $"data/{LongDataset}/records", TestProvider.Purpose);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        var record = await Expect.AuditedOnceAsync(fixture, response);
        Assert.Equal(AuditDecision.Denied, record.Decision);
        AssertCut(LongDataset, record.Dataset, MaxValue);
        AssertBounded(record);
    }

    [Fact]
    public async Task Authenticated_7000CharacterUnknownDataset_Is404_AndNeitherTheRecordNorItsDetailHoldsTheWholeId()
    {
        var response = await Expect.ReadAsync(fixture, $"data/{LongDataset}/records", LongPurpose, LongCase);

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.NotFound, "unknown-dataset");
        Assert.DoesNotContain(LongDataset, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var record = await Expect.AuditedOnceAsync(fixture, response);
        Assert.Equal(GatewayFixture.Consumer, record.Agency);
        AssertCut(LongDataset, record.Dataset, MaxValue);
        AssertCut(LongPurpose, record.Purpose, MaxValue);
        AssertCut(LongCase, record.Case, MaxValue);
        Assert.DoesNotContain(LongDataset[..(MaxValue + 1)], record.Detail, StringComparison.Ordinal);
        AssertBounded(record);
    }

    [Fact]
    public async Task Authenticated_10KbPurpose_Is400_AndNeitherValueIsPutOnRecord()
    {
        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Echo}/records", LongPurpose, LongCase);

        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "bad-request");
        var record = await Expect.AuditedRefusalAsync(fixture, response, GatewayFixture.Consumer, TestProvider.Echo, "bad-request");
        Assert.Null(record.Purpose);
        Assert.Null(record.Case);
    }

    [Fact]
    public async Task Anonymous_UnsafePathWithLongHeaders_Is401_AndTheRecordIsBounded()
    {
        var response = await RawHttp.SendAsync(fixture.GatewayUrl, $"/data/{LongDataset}/records%2fsecret",
            [(InterchangeHeaders.Purpose, LongPurpose), (InterchangeHeaders.Case, LongCase)]);

        Assert.True(response.Status == 401, response.Raw);
        var record = await Expect.AuditedOnceAsync(fixture, response.Header(InterchangeHeaders.RequestId)!);
        AssertCut(LongDataset, record.Dataset, MaxValue);
        AssertCut(LongPurpose, record.Purpose, MaxValue);
        AssertCut(LongCase, record.Case, MaxValue);
        AssertBounded(record);
    }

    /// <summary>The start of the value, cut to <paramref name="max"/> characters in all, the last one the mark '…'.</summary>
    private static void AssertCut(string sent, string? stored, int max)
    {
        Assert.NotNull(stored);
        Assert.Equal(max, stored.Length);
        Assert.EndsWith("\u2026", stored, StringComparison.Ordinal);
        Assert.StartsWith(stored[..^1], sent, StringComparison.Ordinal);
    }

    private static void AssertBounded(AuditRecord record)
    {
        Assert.True((record.Dataset?.Length ?? 0) <= MaxValue, $"dataset of {record.Dataset?.Length} characters");
        Assert.True((record.Purpose?.Length ?? 0) <= MaxValue, $"purpose of {record.Purpose?.Length} characters");
        Assert.True((record.Case?.Length ?? 0) <= MaxValue, $"case of {record.Case?.Length} characters");
        Assert.True((record.Detail?.Length ?? 0) <= MaxDetail, $"detail of {record.Detail?.Length} characters");
    }
}
