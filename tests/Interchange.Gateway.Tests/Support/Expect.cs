using System.Net;
using System.Text.Json;
using Interchange.Audit;
using Interchange.Core.Http;
using Interchange.Samples;
using Interchange.Testing;

namespace Interchange.Gateway.Tests.Support;

/// <summary>Assertions shared by the gateway tests: the problem shape, the audit record, and no canary anywhere.</summary>
public static class Expect
{
    public const string ProblemPrefix = "urn:interchange:problem:";

    public static string RequestId(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues(InterchangeHeaders.RequestId, out var values), $"no {InterchangeHeaders.RequestId} on a {(int)response.StatusCode}");
        var id = Assert.Single(values);
        Assert.False(string.IsNullOrWhiteSpace(id));
        return id;
    }

    /// <summary>Asserts an RFC 9457 refusal of the contract's shape and returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string problem)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} {problem}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(ProblemPrefix + problem, json.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()));
        Assert.Equal(RequestId(response), json.GetProperty("requestId").GetString());
        return json;
    }

    /// <summary>The one audit record of the answered request (matched by its request id).</summary>
    public static async Task<AuditRecord> AuditedOnceAsync(GatewayFixture fixture, HttpResponseMessage response) =>
        await AuditedOnceAsync(fixture, RequestId(response));

    public static async Task<AuditRecord> AuditedOnceAsync(GatewayFixture fixture, string requestId)
    {
        var matching = (await AllAuditRecordsAsync(fixture)).Where(r => r.RequestId == requestId).ToList();
        Assert.True(matching.Count == 1, $"expected one audit record for request {requestId}, found {matching.Count}");
        return matching[0];
    }

    public static async Task<IReadOnlyList<AuditRecord>> AllAuditRecordsAsync(GatewayFixture fixture)
    {
        var all = new List<AuditRecord>();
        long? after = null;
        while (true)
        {
            var page = await fixture.AuditReader.QueryAsync(new AuditQuery(AfterLeafIndex: after, First: 1000));
            all.AddRange(page.Records);
            if (!page.HasNextPage || page.Records.Count == 0)
            {
                return all;
            }

            after = page.Records[^1].LeafIndex;
        }
    }

    /// <summary>Asserts a refusal's audit record: denied, with the problem and status the agency got.</summary>
    public static async Task<AuditRecord> AuditedRefusalAsync(GatewayFixture fixture, HttpResponseMessage response, string agency, string? dataset, string problem)
    {
        var record = await AuditedOnceAsync(fixture, response);
        Assert.Equal(AuditKinds.DataAccess, record.Kind);
        Assert.Equal(agency, record.Agency);
        Assert.Equal(dataset, record.Dataset);
        Assert.Equal(AuditDecision.Denied, record.Decision);
        Assert.Equal(ProblemPrefix + problem, record.Problem);
        Assert.Equal((int)response.StatusCode, record.Status);
        Assert.Empty(record.Fields);
        return record;
    }

    /// <summary>No canary in any body or header the client saw, in the application log or in the audit files.</summary>
    public static void NoCanaryAnywhere(GatewayFixture fixture, params string[] extra)
    {
        foreach (var seen in fixture.Client.Seen)
        {
            Assert.DoesNotContain(DemoData.CanaryPrefix, seen, StringComparison.Ordinal);
        }

        // Both searches must have something to search, or they would pass by not looking.
        var log = GatewayFixture.ApplicationLog();
        Assert.True(log.Contains("Routes rebuilt from the catalogue", StringComparison.Ordinal),
            "the application log was not captured: " + string.Join(", ", Directory.GetFiles(GatewayFixture.LogDirectory).Select(f => $"{f} {new FileInfo(f).Length}")) + "\n" + log);
        Assert.DoesNotContain(DemoData.CanaryPrefix, log, StringComparison.Ordinal);
        var audit = fixture.AuditFiles();
        Assert.Contains(GatewayFixture.Consumer, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoData.CanaryPrefix, audit, StringComparison.Ordinal);
        foreach (var text in extra)
        {
            Assert.DoesNotContain(DemoData.CanaryPrefix, text, StringComparison.Ordinal);
        }
    }

    /// <summary>A data-plane read by the fixture's consumer with a real token.</summary>
    public static async Task<HttpResponseMessage> ReadAsync(GatewayFixture fixture, string path, string? purpose = TestProvider.Purpose,
        string? @case = null, Action<HttpRequestMessage>? customise = null) =>
        await fixture.Client.ReadAsync(await fixture.ConsumerTokenAsync(), path, purpose, @case, customise);
}
