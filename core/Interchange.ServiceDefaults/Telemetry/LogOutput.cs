namespace Interchange.ServiceDefaults.Telemetry;

/// <summary>
/// Where a service's log lines go instead of standard output, when registered as a service (tests register one
/// to read exactly what an operator's log collector would get).
/// </summary>
public sealed class LogOutput(TextWriter writer)
{
    public TextWriter Writer { get; } = writer;
}
