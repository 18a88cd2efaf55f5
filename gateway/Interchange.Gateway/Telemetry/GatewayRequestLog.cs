using Interchange.Gateway.DataPlane;
using Interchange.ServiceDefaults.Telemetry;

namespace Interchange.Gateway.Telemetry;

/// <summary>
/// The gateway's own request id (never one a client sent) on every log event of a request, and the dataset and
/// agency as soon as the data plane knows them.
/// </summary>
internal sealed class GatewayRequestLog : IRequestLogEnricher
{
    public void Collect(HttpContext context, RequestLogProperties properties)
    {
        if (RequestIds.Get(context) is { } requestId)
        {
            properties.RequestId = requestId;
        }

        if (context.Features.Get<DataRequest>() is { } request)
        {
            properties.Agency = request.Agency.AgencyId;
            properties.Dataset = request.DatasetId;
        }
        else if (DataPlaneMetrics.DatasetOf(context.GetEndpoint()) is { } dataset)
        {
            properties.Dataset = dataset;
        }
    }
}
