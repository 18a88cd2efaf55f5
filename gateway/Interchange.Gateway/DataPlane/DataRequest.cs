using Interchange.Policies.Decisions;
using Interchange.ServiceDefaults.Tokens;

namespace Interchange.Gateway.DataPlane;

/// <summary>What the data plane decided about one request; carried from the decision to the response transform.</summary>
internal sealed class DataRequest(string requestId, string datasetId, AgencyPrincipal agency, string purpose, string? @case, Decision decision)
{
    public string RequestId { get; } = requestId;

    public string DatasetId { get; } = datasetId;

    public AgencyPrincipal Agency { get; } = agency;

    public string Purpose { get; } = purpose;

    public string? Case { get; } = @case;

    public Decision Decision { get; } = decision;

    /// <summary>Set once the access is on record, so no path records it twice.</summary>
    public bool Audited { get; set; }
}
