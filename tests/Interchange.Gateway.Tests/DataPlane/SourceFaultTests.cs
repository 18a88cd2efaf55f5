using System.Net;
using System.Text;
using Interchange.Audit;
using Interchange.Core.Http;
using Interchange.Gateway.Tests.Support;
using Interchange.Samples;
using Xunit.Abstractions;

namespace Interchange.Gateway.Tests.DataPlane;

/// <summary>docs/security.md, case 20, and the "nothing leaked" rule when a source misbehaves; the rate limit.</summary>
public sealed class SourceFaultTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Proxy_SourceHangs_Returns504UpstreamUnavailableAndAudits()
    {
        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Hang}/records");

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.GatewayTimeout, "upstream-unavailable");
        Assert.Equal(TestProvider.Rule(TestProvider.Hang), problem.GetProperty("rule").GetString());
        var record = await Expect.AuditedOnceAsync(fixture, response);
        Assert.Equal(504, record.Status);
        Assert.Equal(Expect.ProblemPrefix + "upstream-unavailable", record.Problem);
        Assert.Equal(GatewayFixture.Consumer, record.Agency);
        Assert.Empty(record.Fields);
    }

    [Fact]
    public async Task Proxy_AgencyHangsUpWhileTheAnswerIsOnItsWay_IsRecordedOnceAs499_AndBlamesNobody()
    {
        var token = await fixture.ConsumerTokenAsync();
        var before = (await Expect.AllAuditRecordsAsync(fixture)).Count(r => r.Dataset == TestProvider.Slow);
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"data/{TestProvider.Slow}/records"))
        using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(700)))
        {
            request.Headers.Authorization = new("Bearer", token);
            request.Headers.Add(InterchangeHeaders.Purpose, TestProvider.Purpose);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Client.Http.SendAsync(request, giveUp.Token));
        }

        IReadOnlyList<AuditRecord> records = [];
        for (var wait = 0; wait < 100 && records.Count <= before; wait++)
        {
            await Task.Delay(100);
            records = [.. (await Expect.AllAuditRecordsAsync(fixture)).Where(r => r.Dataset == TestProvider.Slow)];
        }

        var record = Assert.Single(records.Skip(before));
        Assert.Equal(AuditDecision.Allowed, record.Decision);
        Assert.Equal(499, record.Status);
        Assert.Empty(record.Fields);
        Assert.Empty(record.Subjects);
        Assert.Null(record.Problem);
        Assert.Equal(before + 1, (await Expect.AllAuditRecordsAsync(fixture)).Count(r => r.Dataset == TestProvider.Slow));
        var log = GatewayFixture.ApplicationLog();
        Assert.DoesNotContain($"Source of {TestProvider.Slow} failed", log, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot be proxied back to the client", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_SourceDown_Returns502UpstreamUnavailableAndAudits()
    {
        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Down}/records");

        await Expect.ProblemAsync(response, HttpStatusCode.BadGateway, "upstream-unavailable");
        var record = await Expect.AuditedOnceAsync(fixture, response);
        Assert.Equal(502, record.Status);
        Assert.Equal(Expect.ProblemPrefix + "upstream-unavailable", record.Problem);
        Assert.Empty(record.Fields);
    }

    [Fact]
    public async Task Proxy_SourceAnswersNonJson_Returns502AndWithholdsTheBody()
    {
        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Text}/records");

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadGateway, "upstream-unavailable");
        Assert.DoesNotContain("raw dump", problem.GetRawText(), StringComparison.Ordinal);
        var record = await Expect.AuditedOnceAsync(fixture, response);
        Assert.Equal(502, record.Status);
        Assert.Equal(Expect.ProblemPrefix + "upstream-unavailable", record.Problem);
        Assert.Empty(record.Fields);
        Expect.NoCanaryAnywhere(fixture);
    }

    [Theory]
    [InlineData(TestProvider.Broken)]
    [InlineData(TestProvider.Truncated)]
    public async Task Proxy_SourceSendsInvalidJson_AbortsOrRefusesAndNeverRelaysTheRawCanary(string dataset)
    {
        var token = await fixture.ConsumerTokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"data/{dataset}/records");
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add(InterchangeHeaders.Purpose, TestProvider.Purpose);
        var received = new StringBuilder();
        string? requestId = null;
        var completed = false;

        try
        {
            using var response = await fixture.Client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            requestId = Expect.RequestId(response);
            received.Append(string.Join('\n', response.Headers.Select(h => h.Key + ": " + string.Join(',', h.Value))));
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[8192];
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }

            // Reaching the end is acceptable only for an error answer, never for a 2xx with a cut-short body.
            completed = true;
            Assert.False(response.IsSuccessStatusCode, $"a complete 2xx answer to a broken source: {received}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // The connection was cut: the honest end of a response already under way.
            output.WriteLine($"{dataset}: connection cut after {received.Length} characters ({e.GetType().Name})");
        }

        output.WriteLine($"{dataset}: completed={completed}, received {received.Length} characters");

        Assert.DoesNotContain(DemoData.CanaryPrefix, received.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("not json", received.ToString(), StringComparison.Ordinal);
        Expect.NoCanaryAnywhere(fixture);
        if (requestId is not null)
        {
            var record = await Expect.AuditedOnceAsync(fixture, requestId);
            Assert.Equal(dataset, record.Dataset);
            Assert.Equal(AuditDecision.Allowed, record.Decision);
        }
        else
        {
            Assert.False(completed);
            var records = (await Expect.AllAuditRecordsAsync(fixture)).Where(r => r.Dataset == dataset).ToList();
            Assert.Single(records);
        }
    }

    [Theory]
    [InlineData("records/missing-1", HttpStatusCode.NotFound, "not-found")]
    [InlineData("records/fail-1", HttpStatusCode.BadGateway, "upstream-unavailable")]
    [InlineData("records/teapot-1", (HttpStatusCode)418, "source-rejected")]
    public async Task Proxy_SourceErrorBody_IsNeverRelayed(string path, HttpStatusCode status, string problem)
    {
        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Errors}/{path}");

        var body = await Expect.ProblemAsync(response, status, problem);
        Assert.DoesNotContain("Department.Db", body.GetRawText(), StringComparison.Ordinal);
        var record = await Expect.AuditedOnceAsync(fixture, response);
        Assert.Equal((int)status, record.Status);
        Assert.Equal(Expect.ProblemPrefix + problem, record.Problem);
        Expect.NoCanaryAnywhere(fixture);
    }

    [Fact]
    public async Task Proxy_OverPerMinuteLimit_Returns429WithRetryAfterAndAudits()
    {
        HttpResponseMessage? limited = null;
        var allowed = 0;
        // A fixed one-minute window: whatever minute the burst starts in, 3 * limit + 1 requests must overflow one.
        for (var i = 0; i < (3 * TestProvider.RateLimitPerMinute) + 1 && limited is null; i++)
        {
            var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Limited}/records");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                allowed++;
            }
        }

        Assert.NotNull(limited);
        Assert.True(allowed >= TestProvider.RateLimitPerMinute, $"only {allowed} allowed before the limit");
        var problem = await Expect.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Equal(TestProvider.Rule(TestProvider.Limited), problem.GetProperty("rule").GetString());
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        var record = await Expect.AuditedRefusalAsync(fixture, limited, GatewayFixture.Consumer, TestProvider.Limited, "rate-limited");
        Assert.Equal(429, record.Status);
    }
}
