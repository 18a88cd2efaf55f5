using System.Net;
using System.Text.Json;
using Interchange.Core.Http;
using Interchange.Gateway.Tests.Support;
using Interchange.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Interchange.Gateway.Tests.Telemetry;

/// <summary>
/// <c>Logging:Format=json</c>: what a log collector reads from the services' standard output — one JSON object per
/// line, each event of a request carrying its request id, agency and dataset, and never a token or a personal value.
/// </summary>
public sealed class JsonLogTests(JsonLogTests.JsonLogFixture fixture) : IClassFixture<JsonLogTests.JsonLogFixture>
{
    [Fact]
    public void JsonLog_EveryLine_IsOneJsonObjectNamingItsService()
    {
        var lines = fixture.Lines();

        Assert.NotEmpty(lines);
        var services = new HashSet<string>();
        foreach (var line in lines)
        {
            var json = JsonDocument.Parse(line).RootElement;
            Assert.Equal(JsonValueKind.Object, json.ValueKind);
            Assert.True(json.TryGetProperty("@t", out _), line);
            Assert.True(json.TryGetProperty("@m", out _), line);
            services.Add(json.GetProperty("Service").GetString()!);
        }

        Assert.Superset(new HashSet<string> { "gateway", "catalog", "identity" }, services);
    }

    [Fact]
    public async Task JsonLog_SourceFailure_EventCarriesRequestIdAgencyAndDatasetButNoTokenOrPersonalValue()
    {
        const string idNumber = "440300199001011234";
        const string name = "张三丰";
        var token = await fixture.ConsumerTokenAsync();

        // The source is down: the gateway logs a warning while it answers 502.
        var response = await fixture.Client.ReadAsync(token, $"data/{TestProvider.Down}/records/{idNumber}?name={Uri.EscapeDataString(name)}&id_number={idNumber}",
            TestProvider.Purpose, @case: "CASE-LOG-0001");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var requestId = Assert.Single(response.Headers.GetValues(InterchangeHeaders.RequestId));
        var events = fixture.Lines().Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("RequestId", out var id) && id.GetString() == requestId)
            .ToList();
        // The proxy's own warning and the data plane's: both belong to the request, both say whose and which.
        Assert.Contains(events, e => e.GetProperty("SourceContext").GetString() == "Interchange.Gateway.DataPlane.DataPlaneHandler"
            && e.GetProperty("@l").GetString() == "Warning");
        Assert.All(events, e =>
        {
            Assert.Equal("gateway", e.GetProperty("Service").GetString());
            Assert.Equal(GatewayFixture.Consumer, e.GetProperty("Agency").GetString());
            Assert.Equal(TestProvider.Down, e.GetProperty("Dataset").GetString());
            if (e.TryGetProperty("RequestPath", out var path))
            {
                Assert.Equal("[redacted]", path.GetString());
            }
        });

        var output = fixture.Output.ToString();
        Assert.DoesNotContain(token, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], output, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(idNumber, output, StringComparison.Ordinal);
        Assert.DoesNotContain(name, output, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(name), output, StringComparison.Ordinal);
    }

    /// <summary>The gateway fixture's services with JSON logs, captured where standard output would have them.</summary>
    public sealed class JsonLogFixture : GatewayFixture
    {
        public StringWriter Output { get; } = new();

        public IReadOnlyList<string> Lines()
        {
            string text;
            lock (Output)
            {
                text = Output.ToString();
            }

            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        protected override void Configure(WebApplicationBuilder builder)
        {
            base.Configure(builder);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:Format"] = "json" });
            builder.Services.AddSingleton(new LogOutput(Output));
        }
    }
}
