using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Interchange.Testing;

namespace Interchange.EndToEnd.Tests.Standalone;

/// <summary>
/// The standalone host as a real process: help without starting anything, one line and exit code 2 for a wrong
/// command line, and one line with exit code 1, naming the port and --urls, when the public port is taken.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TestScenario _scenario = new();

    [Fact]
    public async Task Standalone_Help_ExitsZeroListingEveryOptionWithoutStarting()
    {
        var (exit, output, error) = await RunAsync(["--help", "--data", _scenario.DataDirectory]);

        Assert.Equal(0, exit);
        foreach (var option in new[] { "--urls", "--data", "--lists", "--environment" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("started", output, StringComparison.Ordinal);
        Assert.Equal("", error);
        Assert.False(System.IO.Directory.Exists(_scenario.DataDirectory));
    }

    [Fact]
    public async Task Standalone_UnknownOption_ExitsTwoWithOneLineNamingIt()
    {
        var (exit, output, error) = await RunAsync(["--data", _scenario.DataDirectory, "--frobnicate"]);

        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'--frobnicate'", line, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Standalone_MissingListsFolder_ExitsTwoWithOneLineNamingIt()
    {
        var missing = Path.Combine(_scenario.Directory, "no-such-lists");

        var (exit, _, error) = await RunAsync(["--lists", missing]);

        Assert.Equal(2, exit);
        Assert.Contains(missing, Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standalone_BusyPort_ExitsOneWithOneLineNamingThePortAndUrls_AndNoStackTrace()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, output, error) = await RunAsync(
            ["--urls", $"http://127.0.0.1:{port}", "--data", _scenario.DataDirectory, "--lists", _scenario.ListsDirectory]);

        Assert.Equal(1, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches($@"^Port {port} is in use; start with --urls http://127\.0\.0\.1:\d+ to use another\.$", line.TrimEnd('\r'));
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output + error, StringComparison.Ordinal);
        // The services before the gateway said they started, so a slow start is not silent.
        Assert.Contains("identity … started", output, StringComparison.Ordinal);
        Assert.Contains("catalogue … started", output, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Interchange.Standalone.exe" : "Interchange.Standalone"))
        {
            WorkingDirectory = _scenario.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the standalone host did not exit within 90 s");
        }

        return (process.ExitCode, await output, await error);
    }

    public void Dispose() => _scenario.Dispose();
}
