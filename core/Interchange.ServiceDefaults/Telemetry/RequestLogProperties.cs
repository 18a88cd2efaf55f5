namespace Interchange.ServiceDefaults.Telemetry;

/// <summary>The request's properties for log events: the request id, the agency and the dataset, when known.</summary>
public sealed class RequestLogProperties
{
    public const string RequestIdName = "RequestId";
    public const string AgencyName = "Agency";
    public const string DatasetName = "Dataset";

    public string? RequestId { get; set; }

    public string? Agency { get; set; }

    public string? Dataset { get; set; }
}
