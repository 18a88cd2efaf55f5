using System.Net;
using System.Text.Json;
using Interchange.Audit;
using Interchange.Gateway.Tests.Support;
using Interchange.Testing;

namespace Interchange.Gateway.Tests.DataPlane;

/// <summary>The gateway fixture plus consumer agencies of its own, one per test, each starting the day with a whole quota.</summary>
public sealed class RecordLimitFixture : GatewayFixture
{
    public const int Consumers = 8;

    public static string TestConsumer(int n) => $"limit-consumer-{n}";

    protected override async Task ArrangeAsync(TestScenario scenario)
    {
        await base.ArrangeAsync(scenario);
        for (var i = 1; i <= Consumers; i++)
        {
            scenario.AddAgency(TestConsumer(i), "440300", "consumer");
        }
    }
}

/// <summary>
/// An entry's <c>max_page_size</c> and <c>records_per_day</c> (<see cref="TestProvider.Paged"/>: 3 and 5), enforced by the
/// gateway: a larger page is refused before the source is called, an answer holding more is never released whole, and
/// once the day's records are out the next request is 429 until midnight China Standard Time.
/// </summary>
public sealed class RecordLimitTests(RecordLimitFixture fixture) : IClassFixture<RecordLimitFixture>
{
    private const int PerDay = TestProvider.RecordsPerDay;
    private const int MaxPage = TestProvider.MaxPageSize;

    [Theory]
    [InlineData("records?limit=4")]
    [InlineData("records?LIMIT=4")]
    [InlineData("records?limit=1000000000000")]
    [InlineData("records?limit=1&limit=100")]
    [InlineData("records?limit=abc")]
    [InlineData("records?limit=%2B3")]
    [InlineData("records?limit=")]
    public async Task Page_LargerThanMaxPageSizeOrUncheckable_Is400NamingTheRuleAndTheMaximum_AndTheSourceIsNeverCalled(string path)
    {
        var before = fixture.Source.CountFor("/paged");

        var response = await ReadAsync(1, path);

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "bad-request");
        Assert.Equal(TestProvider.Rule(TestProvider.Paged), problem.GetProperty("rule").GetString());
        Assert.Contains($"max_page_size of '{TestProvider.Paged}' is {MaxPage}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, fixture.Source.CountFor("/paged"));
        var record = await Expect.AuditedRefusalAsync(fixture, response, RecordLimitFixture.TestConsumer(1), TestProvider.Paged, "bad-request");
        Assert.Equal(TestProvider.Rule(TestProvider.Paged), record.Rule);
    }

    [Fact]
    public async Task Page_OfExactlyMaxPageSize_IsReleased()
    {
        var response = await ReadAsync(4, $"records?limit={MaxPage}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MaxPage, await RecordsInAsync(response));
    }

    [Fact]
    public async Task RecordsPerDay_PagesUntilTheQuota_TheNextIs429NamingTheRule_UntilMidnightChinaStandardTime()
    {
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(3, "records?limit=3")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(3, "records?limit=2")).StatusCode);
        var sourceCalls = fixture.Source.CountFor("/paged");

        var refused = await ReadAsync(3, "records?limit=1");

        var problem = await Expect.ProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Equal(TestProvider.Rule(TestProvider.Paged), problem.GetProperty("rule").GetString());
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("records_per_day", detail, StringComparison.Ordinal);
        Assert.Contains($"{PerDay} released today", detail, StringComparison.Ordinal);
        var midnight = UntilMidnightInChina();
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, midnight - TimeSpan.FromSeconds(30), midnight + TimeSpan.FromSeconds(30));
        Assert.Equal(sourceCalls, fixture.Source.CountFor("/paged"));
        var record = await Expect.AuditedRefusalAsync(fixture, refused, RecordLimitFixture.TestConsumer(3), TestProvider.Paged, "rate-limited");
        Assert.Equal(429, record.Status);
        Assert.Equal(TestProvider.Rule(TestProvider.Paged), record.Rule);

        // The quota is the consumer's on this dataset: the streamed entry and another consumer still have theirs.
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(3, "records?limit=1", TestProvider.PagedStreamed)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(4, "records?limit=1")).StatusCode);
    }

    /// <summary>A page is allowed while records remain when it is decided; the count may pass the quota by that page.</summary>
    [Fact]
    public async Task RecordsPerDay_APageThatCrossesTheQuota_IsReleased_AndTheNextIsRefused()
    {
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(5, "records?limit=3")).StatusCode);
        var crossing = await ReadAsync(5, "records?limit=3");

        Assert.Equal(HttpStatusCode.OK, crossing.StatusCode);
        Assert.Equal(3, await RecordsInAsync(crossing));
        var refused = await ReadAsync(5, "records?limit=1");
        var detail = (await Expect.ProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate-limited")).GetProperty("detail").GetString();
        Assert.Contains("6 released today", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestProvider.Paged)]
    [InlineData(TestProvider.PagedStreamed)]
    public async Task RecordsPerDay_ASingleRecordCountsOne(string dataset)
    {
        var consumer = dataset == TestProvider.Paged ? 6 : 7;
        for (var i = 0; i < PerDay; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ReadAsync(consumer, $"records/key-{i}", dataset)).StatusCode);
        }

        await Expect.ProblemAsync(await ReadAsync(consumer, "records/key-last", dataset), HttpStatusCode.TooManyRequests, "rate-limited");
    }

    [Fact]
    public async Task AnswerHoldingMoreThanMaxPageSize_HeldInMemory_IsWithheldAs502_AndNothingIsCounted()
    {
        var response = await ReadAsync(8, "oversized");

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadGateway, "upstream-unavailable");
        Assert.Contains($"more than the {MaxPage} records of max_page_size", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Echo Person", problem.GetRawText(), StringComparison.Ordinal);
        var record = await Expect.AuditedOnceAsync(fixture, response);
        Assert.Equal(AuditDecision.Allowed, record.Decision);
        Assert.Equal(502, record.Status);
        Assert.Empty(record.Fields);
        Assert.Empty(record.Subjects);

        // Nothing was released, so the whole quota is left.
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(8, "records?limit=3")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(8, "records?limit=2")).StatusCode);
    }

    [Fact]
    public async Task AnswerHoldingMoreThanMaxPageSize_Streamed_IsCutAfterAtMostMaxPageSizeRecords()
    {
        var token = await fixture.Client.TokenAsync(RecordLimitFixture.TestConsumer(2));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"data/{TestProvider.PagedStreamed}/oversized");
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add("Interchange-Purpose", TestProvider.Purpose);
        var received = "";
        var completed = false;
        try
        {
            using var response = await fixture.Client.Http.SendAsync(request);
            received = await response.Content.ReadAsStringAsync();
            completed = response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            // The connection was cut: the answer never arrives whole.
        }

        Assert.False(completed, $"a complete 2xx answer holding more than {MaxPage} records: {received}");
        Assert.DoesNotContain("Echo Person 3", received, StringComparison.Ordinal);
        Assert.Contains($"Source of {TestProvider.PagedStreamed} sent more than the {MaxPage} records of max_page_size", GatewayFixture.ApplicationLog(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_IsRecordedWithoutFieldsOrSubjects_AndCountsNoRecords()
    {
        var token = await fixture.Client.TokenAsync(RecordLimitFixture.TestConsumer(2));
        var heads = new List<HttpResponseMessage>();
        for (var i = 0; i <= PerDay; i++)
        {
            heads.Add(await fixture.Client.ReadAsync(token, $"data/{TestProvider.Paged}/records?limit=3", TestProvider.Purpose,
                customise: r => r.Method = HttpMethod.Head));
        }

        Assert.All(heads, h => Assert.Equal(HttpStatusCode.OK, h.StatusCode));
        foreach (var head in heads)
        {
            var record = await Expect.AuditedOnceAsync(fixture, head);
            Assert.Equal(AuditDecision.Allowed, record.Decision);
            Assert.Empty(record.Fields);
            Assert.Empty(record.Subjects);
        }

        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(2, "records?limit=3")).StatusCode);
    }

    [Fact]
    public async Task Head_OnAnEntryWithoutLimitsOfItsOwn_IsRecordedWithoutFields()
    {
        var token = await fixture.ConsumerTokenAsync();

        var head = await fixture.Client.ReadAsync(token, $"data/{TestProvider.Echo}/records", TestProvider.Purpose, customise: r => r.Method = HttpMethod.Head);
        var get = await fixture.Client.ReadAsync(token, $"data/{TestProvider.Echo}/records", TestProvider.Purpose);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty((await Expect.AuditedOnceAsync(fixture, head)).Fields);
        Assert.NotEmpty((await Expect.AuditedOnceAsync(fixture, get)).Fields);
    }

    [Fact]
    public async Task AnswerWithoutBody_IsRecordedWithoutFields()
    {
        var response = await ReadAsync(1, "empty", TestProvider.PagedStreamed);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty((await Expect.AuditedOnceAsync(fixture, response)).Fields);
    }

    private async Task<HttpResponseMessage> ReadAsync(int consumer, string path, string dataset = TestProvider.Paged) =>
        await fixture.Client.ReadAsync(await fixture.Client.TokenAsync(RecordLimitFixture.TestConsumer(consumer)), $"data/{dataset}/{path}", TestProvider.Purpose);

    private static async Task<int> RecordsInAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("records").GetArrayLength();

    private static TimeSpan UntilMidnightInChina()
    {
        var now = DateTimeOffset.UtcNow;
        var china = now.ToOffset(TimeSpan.FromHours(8));
        return new DateTimeOffset(china.Date.AddDays(1), TimeSpan.FromHours(8)) - now;
    }
}
