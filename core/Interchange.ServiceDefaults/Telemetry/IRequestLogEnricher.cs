using Microsoft.AspNetCore.Http;

namespace Interchange.ServiceDefaults.Telemetry;

/// <summary>
/// What a service knows about a request that its log events should carry (e.g. the gateway's request id, the
/// dataset, the agency once authenticated). Called when an event is logged during the request, so values set
/// late in the pipeline are seen; implementations only read the context and never add personal values.
/// </summary>
public interface IRequestLogEnricher
{
    void Collect(HttpContext context, RequestLogProperties properties);
}
