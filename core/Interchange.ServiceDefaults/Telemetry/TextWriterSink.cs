using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Interchange.ServiceDefaults.Telemetry;

/// <summary>Writes each formatted event to a <see cref="LogOutput"/>'s writer in one call, so services sharing a writer never interleave.</summary>
internal sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        using var buffer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        formatter.Format(logEvent, buffer);
        lock (writer)
        {
            writer.Write(buffer.ToString());
            writer.Flush();
        }
    }
}
