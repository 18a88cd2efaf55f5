using System.Text.Json;
using System.Text.RegularExpressions;
using Interchange.ServiceDefaults.Hosting;
using Interchange.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Interchange.Gateway.Tests.Telemetry;

/// <summary><c>Logging:Format</c>: the console lines of today (<c>text</c>, the default) or one JSON object per line.</summary>
public sealed class LogFormatTests
{
    [Fact]
    public async Task Logging_FormatNotSet_WritesTheUsualTextLine()
    {
        var output = await LogOneEventAsync(format: null);

        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(new Regex(@"^\[\d\d:\d\d:\d\d WRN\] gateway: Source of business-licenses failed: timeout\s*$"), line);
    }

    [Fact]
    public async Task Logging_FormatJson_WritesOneJsonObjectWithMessageLevelServiceAndProperties()
    {
        var output = await LogOneEventAsync(format: "json");

        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("Source of \"business-licenses\" failed: \"timeout\"", json.GetProperty("@m").GetString());
        Assert.Equal("Warning", json.GetProperty("@l").GetString());
        Assert.Equal("gateway", json.GetProperty("Service").GetString());
        Assert.Equal("business-licenses", json.GetProperty("Dataset").GetString());
        Assert.True(DateTimeOffset.TryParse(json.GetProperty("@t").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task Logging_FrameworkRequestScope_PathAndQueryAreBlankedInEveryFormat()
    {
        foreach (var format in new[] { "json", "text" })
        {
            var output = await LogOneEventAsync(format, scope: new Dictionary<string, object>
            {
                ["RequestPath"] = "/data/household-registration/records/440305198211076985",
                ["QueryString"] = "?name=%E5%A7%9C",
            });

            Assert.DoesNotContain("440305198211076985", output, StringComparison.Ordinal);
            Assert.DoesNotContain("%E5%A7%9C", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Logging_UnknownFormat_StopsStartUpNamingTheSetting()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:Format"] = "xml" });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddInterchangeLogging("gateway"));

        Assert.Contains("Logging:Format", error.Message, StringComparison.Ordinal);
        Assert.Contains("'xml'", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> LogOneEventAsync(string? format, IReadOnlyDictionary<string, object>? scope = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:Format"] = format });
        using var output = new StringWriter();
        builder.Services.AddSingleton(new LogOutput(output));
        builder.AddInterchangeLogging("gateway");
        await using var app = builder.Build();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Interchange.Gateway.DataPlane.DataPlaneHandler");
        using (scope is null ? null : logger.BeginScope(scope))
        {
            logger.LogWarning("Source of {Dataset} failed: {Error}", "business-licenses", "timeout");
        }

        return output.ToString();
    }
}
