using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Interchange.Core.Http;
using Interchange.Gateway.Tests.Support;

namespace Interchange.Gateway.Tests.Telemetry;

/// <summary>W3C trace context crosses every hop, so one trace shows an agency's request from the front door to the source.</summary>
public sealed class TraceContextTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    /// <summary>
    /// An agency's own client that sends the trace context it was given: the test process listens to its own
    /// activities (the services run in it), so the default handler would replace the header with a trace of its own.
    /// </summary>
    private readonly HttpClient _agency = new(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = fixture.GatewayUrl };

    public void Dispose() => _agency.Dispose();

    [Fact]
    public async Task Proxy_RequestWithTraceparent_SourceGetsTheSameTraceUnderTheGatewaysSpan()
    {
        var (traceId, callerSpan, traceparent) = NewTrace();
        var marker = Guid.NewGuid().ToString("N");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"data/{TestProvider.Echo}/records/{marker}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await fixture.ConsumerTokenAsync());
        request.Headers.Add(InterchangeHeaders.Purpose, TestProvider.Purpose);
        request.Headers.TryAddWithoutValidation("traceparent", traceparent);

        using var response = await _agency.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = SourceTraceparent(marker);
        Assert.Equal(traceId, received[1]);
        Assert.NotEqual(callerSpan, received[2]);
    }

    [Fact]
    public async Task GraphQLRecords_WithTraceparent_TraceRunsThroughCatalogueAndGatewayToTheSource()
    {
        var (traceId, callerSpan, traceparent) = NewTrace();
        var marker = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql")
        {
            Content = JsonContent.Create(new
            {
                query = $$"""{ records(dataset: "{{TestProvider.Echo}}", path: "records/{{marker}}", purpose: "{{TestProvider.Purpose}}") }""",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await fixture.ConsumerTokenAsync());
        request.Headers.TryAddWithoutValidation("traceparent", traceparent);

        using var response = await _agency.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK && !body.Contains("\"errors\"", StringComparison.Ordinal), body);
        var received = SourceTraceparent(marker);
        Assert.Equal(traceId, received[1]);
        Assert.NotEqual(callerSpan, received[2]);
    }

    private static (string TraceId, string SpanId, string Header) NewTrace()
    {
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var spanId = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64(1, long.MaxValue)));
        return (traceId, spanId, $"00-{traceId}-{spanId}-01");
    }

    /// <summary>The <c>traceparent</c> the source received with the request whose path holds <paramref name="marker"/>, split on '-'.</summary>
    private string[] SourceTraceparent(string marker)
    {
        var request = Assert.Single(fixture.Source.Requests, r => r.Path.Contains(marker, StringComparison.Ordinal));
        Assert.True(request.Headers.TryGetValue("traceparent", out var header), "the source got no traceparent");
        var parts = header.Split('-');
        Assert.Equal(4, parts.Length);
        return parts;
    }
}
