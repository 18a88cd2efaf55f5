using Serilog;
using Serilog.Extensions.Logging;

namespace Interchange.Standalone;

/// <summary>
/// The host's own log, configured like the services' (the <c>Serilog</c> section from environment variables,
/// e.g. <c>Serilog__MinimumLevel__Default=Debug</c>): it keeps what a one-line failure leaves out.
/// </summary>
internal static partial class StandaloneLog
{
    public static ILoggerFactory Create()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .ReadFrom.Configuration(configuration)
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] standalone: {Message:lj}{NewLine}{Exception}", formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
        return new SerilogLoggerFactory(logger, dispose: true);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The interchange did not start")]
    public static partial void StartFailed(Microsoft.Extensions.Logging.ILogger logger, Exception exception);
}
