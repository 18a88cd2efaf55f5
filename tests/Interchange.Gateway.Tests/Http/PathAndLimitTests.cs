using System.Net;
using Interchange.Core.Http;
using Interchange.Gateway.Tests.Support;
using Interchange.Samples;

namespace Interchange.Gateway.Tests.Http;

/// <summary>docs/security.md, cases 15 and 17: request targets that climb out of a dataset, and oversized requests.</summary>
public sealed class PathAndLimitTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string> TraversalTargets() =>
    [
        "/data/test-echo/%2e%2e/%2e%2e/admin",
        "/data/test-echo/%2E%2E/records",
        "/data/test-echo/records%2F..%2F..%2Fadmin",
        "/data/test-echo/records%2fsecret",
        "/data/test-echo/records%252F..%252Fadmin",
        "/data/test-echo/records%255c..%255cadmin",
        "/data/test-echo/records\\..\\admin",
        "/data/test-echo/records%5C..%5Cadmin",
        "/data/test-echo/records/../../admin",
        "/data/test-echo/./records",
        "/data/test-echo/records/..",
        "/data/test-echo/.%2e/records",
        "/data/test-echo/records/%%32%65%%32%65/admin",
        "/data/test-echo/records/%25",
        "/data/test-echo/records/%2",
        "/data/test-echo/records/%zz",
        "/data/test-echo/records/%",
        "/data/test-echo/records/a%0d%0aX-Injected:%20yes",
    ];

    [Theory]
    [MemberData(nameof(TraversalTargets))]
    public async Task Proxy_TraversalInThePath_Returns400AndTheSourceNeverSeesIt(string target)
    {
        var before = fixture.Source.Requests.Count;

        var response = await RawAsync(target);

        Assert.True(response.Status == 400, $"{target}: {response.Status}\n{response.Raw}");
        Assert.Contains("problem+json", response.Header("Content-Type") ?? "", StringComparison.Ordinal);
        Assert.Contains(Expect.ProblemPrefix + "bad-request", response.Body, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Source.Requests.Count);
        var record = await Expect.AuditedOnceAsync(fixture, response.Header(InterchangeHeaders.RequestId)!);
        Assert.Equal(GatewayFixture.Consumer, record.Agency);
        Assert.Equal(400, record.Status);
    }

    [Fact]
    public async Task Proxy_TraversalWithoutToken_Returns401AndTheSourceNeverSeesIt()
    {
        var before = fixture.Source.Requests.Count;

        var response = await RawHttp.SendAsync(fixture.GatewayUrl, "/data/test-echo/%2e%2e/%2e%2e/admin", [(InterchangeHeaders.Purpose, TestProvider.Purpose)]);

        Assert.True(response.Status == 401, response.Raw);
        Assert.Contains(Expect.ProblemPrefix + "unauthenticated", response.Body, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Source.Requests.Count);
        var record = await Expect.AuditedOnceAsync(fixture, response.Header(InterchangeHeaders.RequestId)!);
        Assert.Equal("anonymous", record.Agency);
    }

    [Fact]
    public async Task FrontDoor_PathMatchingNothing_Returns404ProblemWithRequestId()
    {
        var response = await fixture.Client.Http.GetAsync("admin/config.php");

        await Expect.ProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Proxy_DotSegmentsIntoAnotherDataset_NeverReachHouseholdData()
    {
        var someone = (string)DemoData.HouseholdRegistration[0]["id_number"]!;
        var name = (string)DemoData.HouseholdRegistration[0]["name"]!;

        var page = await RawAsync("/data/business-licenses/../household-registration/records", "subsistence-allowance-review");
        var one = await RawAsync($"/data/business-licenses/%2e%2e/household-registration/records/{someone}", "subsistence-allowance-review");
        var encoded = await RawAsync($"/data/business-licenses/records/..%2F..%2Fhousehold-registration%2Frecords%2F{someone}", "business-verification");

        foreach (var response in new[] { page, one, encoded })
        {
            Assert.True(response.Status == 400, response.Raw);
            Assert.DoesNotContain(someone, response.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(someone[..6] + "********", response.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(name, response.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(DemoData.CanaryPrefix, response.Raw, StringComparison.Ordinal);
            var record = await Expect.AuditedOnceAsync(fixture, response.Header(InterchangeHeaders.RequestId)!);
            Assert.Equal(400, record.Status);
            Assert.Equal(Expect.ProblemPrefix + "bad-request", record.Problem);
        }
    }

    [Fact]
    public async Task Proxy_OrdinaryRawTarget_ReachesTheSourceUnderTheDatasetPrefix()
    {
        // The control case for the traversal theory: the same raw client gets through when the path is clean.
        var before = fixture.Source.Requests.Count;

        var response = await RawAsync("/data/test-echo/records/raw-control?limit=1");

        Assert.True(response.Status == 200, response.Raw);
        Assert.Equal(before + 1, fixture.Source.Requests.Count);
        Assert.Equal("/echo/records/raw-control?limit=1", fixture.Source.Requests[^1].RawTarget);
    }

    [Theory]
    [InlineData("/data/test-echo/records/two%20words", "/echo/records/two%20words")]
    [InlineData("/data/test-echo/records/%E4%B8%AD", "/echo/records/%E4%B8%AD")]
    [InlineData("/data/test-echo/records/v1.2?q=%25", "/echo/records/v1.2?q=%25")]
    public async Task Proxy_WellFormedEscapesInARecordKey_ReachTheSource(string target, string atSource)
    {
        var before = fixture.Source.Requests.Count;

        var response = await RawAsync(target);

        Assert.True(response.Status == 200, response.Raw);
        Assert.Equal(before + 1, fixture.Source.Requests.Count);
        Assert.Equal(atSource, fixture.Source.Requests[^1].RawTarget, ignoreCase: true);
    }

    [Fact]
    public async Task Proxy_HeadersOver32KB_Returns431AndTheSourceNeverSeesThem()
    {
        var before = fixture.Source.Requests.Count;

        var response = await RawAsync("/data/test-echo/records", extra: [("X-Padding", new string('a', 40 * 1024))]);

        Assert.Equal(431, response.Status);
        Assert.Equal(before, fixture.Source.Requests.Count);
    }

    [Fact]
    public async Task Proxy_RequestLineOver8KB_Returns414()
    {
        var before = fixture.Source.Requests.Count;

        var response = await RawAsync("/data/test-echo/records?q=" + new string('a', 10 * 1024));

        Assert.Equal(414, response.Status);
        Assert.Equal(before, fixture.Source.Requests.Count);
    }

    [Fact]
    public async Task Proxy_BodyOver1MB_Returns413AndTheSourceNeverSeesIt()
    {
        var before = fixture.Source.Requests.Count;

        var response = await RawAsync("/data/test-echo/records", method: "POST", body: new byte[2 * 1024 * 1024],
            extra: [("Content-Type", "application/json")]);

        Assert.True(response.Status == 413, response.Raw.Length > 2000 ? response.Raw[..2000] : response.Raw);
        Assert.Contains("problem+json", response.Header("Content-Type") ?? "", StringComparison.Ordinal);
        Assert.Equal(before, fixture.Source.Requests.Count);
        var record = await Expect.AuditedOnceAsync(fixture, response.Header(InterchangeHeaders.RequestId)!);
        Assert.Equal(413, record.Status);
    }

    [Fact]
    public async Task Proxy_ChunkedBodyOver1MB_Returns413AndIsAudited()
    {
        // No Content-Length: the limit is only found while the body streams to the source.
        using var content = new StreamContent(new MemoryStream(new byte[2 * 1024 * 1024]));
        content.Headers.ContentType = new("application/json");

        // A dataset whose entry takes POST: on a read-only one the method alone is refused (405) before any body is read.
        var response = await Expect.ReadAsync(fixture, $"data/{TestProvider.Query}/records/chunked", customise: r =>
        {
            r.Method = HttpMethod.Post;
            r.Content = content;
            r.Headers.TransferEncodingChunked = true;
        });

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.False(problem.TryGetProperty("records", out _));
        var record = await Expect.AuditedOnceAsync(fixture, response);
        Assert.Equal(413, record.Status);
    }

    private async Task<RawResponse> RawAsync(string target, string purpose = TestProvider.Purpose, string method = "GET", byte[]? body = null,
        (string, string)[]? extra = null)
    {
        var token = await fixture.ConsumerTokenAsync();
        var headers = new List<(string, string)> { ("Authorization", "Bearer " + token), (InterchangeHeaders.Purpose, purpose) };
        headers.AddRange(extra ?? []);
        return await RawHttp.SendAsync(fixture.GatewayUrl, target, headers, method, body);
    }
}
