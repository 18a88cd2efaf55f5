namespace Interchange.Cli.Tests;

/// <summary>The command line itself: help on request, and one readable line with exit code 2 for a wrong one.</summary>
public sealed class CliUsageTests
{
    [Fact]
    public async Task Cli_Help_ExitsZeroAndListsEveryOptionOfTheCommand()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(0, await Cli.RunAsync(["audit", "verify", "--help"], output, error));

        var help = output.ToString();
        foreach (var option in new[] { "--key", "--checkpoint", "--entries", "--previous-checkpoint", "--consistency" })
        {
            Assert.Contains(option, help, StringComparison.Ordinal);
        }

        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task Cli_Help_OnExportListsItsOptions()
    {
        using var output = new StringWriter();

        Assert.Equal(0, await Cli.RunAsync(["audit", "export", "--help"], output, TextWriter.Null));

        Assert.Contains("--url", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--token", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--out", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_UnknownOption_ExitsTwoWithOneLineNamingIt()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(2, await Cli.RunAsync(["audit", "verify", "--frobnicate", "yes"], output, error));

        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'--frobnicate'", line, StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task Cli_NotAnHttpUrl_ExitsTwoWithOneLineNamingTheOption()
    {
        using var error = new StringWriter();

        Assert.Equal(2, await Cli.RunAsync(["audit", "export", "--url", "ftp://gateway.example/", "--token", "t", "--out", "x"], TextWriter.Null, error));

        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--url", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_UnreachableGateway_ExitsTwoWithOneLineAndNoStackTrace()
    {
        using var error = new StringWriter();
        var folder = Path.Combine(Path.GetTempPath(), "interchange-cli-" + Guid.NewGuid().ToString("N"));

        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        Assert.Equal(2, await Cli.RunAsync(["audit", "export", "--url", "http://127.0.0.1:1/", "--token", "t", "--out", folder], TextWriter.Null, error));

        Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }
}
