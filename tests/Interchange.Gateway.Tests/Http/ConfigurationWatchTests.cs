using Interchange.ServiceDefaults.Hosting;
using Microsoft.Extensions.Configuration.Json;

namespace Interchange.Gateway.Tests.Http;

/// <summary>
/// The services read appsettings once. With the framework's default (reload on change) the host watches its whole
/// content root with inotify, and where the data folder lies under it every audit commit woke a watcher thread:
/// a fifth of the gateway's CPU on personal-data pages (bench/README.md).
/// </summary>
public sealed class ConfigurationWatchTests
{
    [Fact]
    public void Builder_ReadsAppsettingsWithoutWatchingTheContentRoot()
    {
        var builder = InterchangeWebApplication.CreateBuilder(["--environment=Development"]);

        var json = builder.Configuration.Sources.OfType<JsonConfigurationSource>().ToList();

        Assert.NotEmpty(json);
        Assert.All(json, source => Assert.False(source.ReloadOnChange, $"{source.Path} is watched for changes"));
    }

    [Fact]
    public void Builder_KeepsTheCommandLineItWasGiven()
    {
        var builder = InterchangeWebApplication.CreateBuilder(["--Gateway:Instances=3"]);

        Assert.Equal("3", builder.Configuration["Gateway:Instances"]);
    }
}
