using System.Runtime.InteropServices;
using Interchange.Standalone;

var urls = ArgValue(args, "--urls") ?? "http://localhost:8080";
var options = StandaloneOptions.ForRepository(new Uri(urls.Split(';')[0]), ArgValue(args, "--data"), ArgValue(args, "--lists"));

using var stop = new CancellationTokenSource();
// Ctrl+C and SIGTERM stop the services in order (front door first) instead of killing the process.
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

await using (var host = await InterchangeHost.StartAsync(options, stop.Token))
{
    Console.WriteLine($"""

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
        Console.WriteLine("Stopping…");
    }
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

static string? ArgValue(string[] args, string name)
{
    for (var i = 0; i < args.Length; i++)
    {
        if (args[i] == name && i + 1 < args.Length)
        {
            return args[i + 1];
        }

        if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
        {
            return args[i][(name.Length + 1)..];
        }
    }

    return null;
}
