using System.CommandLine;
using System.Runtime.InteropServices;

namespace Interchange.Standalone;

/// <summary>
/// The standalone host's command line. Exit codes: 0 stopped cleanly (or help shown), 1 could not start,
/// 2 wrong command line. Failures are one line; the exception itself goes to the log at Debug.
/// </summary>
internal static class StandaloneCommand
{
    public const int StartFailed = 1;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var urls = new Option<Uri[]>("--urls")
        {
            Description = "The gateway's public address, also the token issuer; several separated by ';' (the first is the issuer).",
            HelpName = "url",
            DefaultValueFactory = _ => [new Uri("http://localhost:8080/")],
            CustomParser = result =>
            {
                var addresses = new List<Uri>();
                foreach (var text in result.Tokens.Single().Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    {
                        result.AddError($"--urls: '{text}' is not an http(s) address such as http://localhost:9090.");
                        return [];
                    }

                    addresses.Add(uri);
                }

                return [.. addresses];
            },
        };
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "Folder for the SQLite files and keys; a second start keeps what the first wrote. Default: data/ in the repository.",
            HelpName = "dir",
        };
        var lists = new Option<DirectoryInfo>("--lists")
        {
            Description = "Folder of the responsibility lists; edits take effect while running. Default: policies/lists/ in the repository.",
            HelpName = "dir",
        }.AcceptExistingOnly();
        var environment = new Option<string>("--environment")
        {
            Description = "The environment of every service; demo secrets and generated keys are refused outside Development.",
            HelpName = "name",
            DefaultValueFactory = _ => StandaloneOptions.DefaultEnvironment(),
        };
        var root = new RootCommand("The whole interchange in one process: demo sources, identity, catalogue and gateway.")
        {
            urls, data, lists, environment,
        };
        root.SetAction((result, _) => RunHostAsync(
            StandaloneOptions.ForRepository(
                result.GetRequiredValue(urls)[0],
                result.GetValue(data)?.FullName,
                result.GetValue(lists)?.FullName,
                result.GetRequiredValue(environment),
                progress: line => output.WriteLine("  " + line),
                configure: QuietStartFailures),
            output,
            error));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line naming what is wrong, instead of the library's error list followed by the whole help text.
            await error.WriteLineAsync($"{string.Join(" ", parsed.Errors.Select(e => e.Message))} (see --help)");
            return UsageError;
        }

        // Ctrl+C is handled below so the services stop in order; the library would give them two seconds.
        return await parsed.InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        });
    }

    /// <summary>
    /// The generic host logs a failed start at Error with the whole exception, and this program then says it in one line:
    /// the host's category is raised to Fatal, where a faulted background service (logged Critical as it stops the host) still shows.
    /// </summary>
    private static void QuietStartFailures(WebApplicationBuilder builder) => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Serilog:MinimumLevel:Override:Microsoft.Extensions.Hosting.Internal.Host"] = "Fatal",
    });

    private static async Task<int> RunHostAsync(StandaloneOptions options, TextWriter output, TextWriter error)
    {
        using var stop = new CancellationTokenSource();
        // Ctrl+C and SIGTERM stop the services in order (front door first) instead of killing the process.
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var logs = StandaloneLog.Create();

        await output.WriteLineAsync($"Starting the interchange ({options.EnvironmentName}) for {options.PublicUrl} …");
        InterchangeHost host;
        try
        {
            host = await InterchangeHost.StartAsync(options, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await output.WriteLineAsync("Stopped before it had started.");
            return StartFailed;
        }
        catch (Exception e)
        {
            StandaloneLog.StartFailed(logs.CreateLogger("Interchange.Standalone"), e);
            await error.WriteLineAsync(StartFailure.Describe(e, options.PublicUrl));
            return StartFailed;
        }

        await using (host)
        {
            await output.WriteLineAsync($"""

                Interchange is running at {host.GatewayUrl}
                  data:   {options.DataDirectory}
                  lists:  {options.ListsDirectory} (edits take effect while running)

                Start here (the README walks through the whole demo):
                  curl -s -u sz-civil-affairs:sz-civil-affairs-secret -d grant_type=client_credentials {host.GatewayUrl}connect/token
                  curl -s {host.GatewayUrl}.well-known/openid-configuration

                Press Ctrl+C to stop.
                """);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync("Stopping…");
            }
        }

        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
