using Interchange.Core.Grants;

namespace Interchange.Policies.Decisions;

/// <summary>
/// One access to decide: who asks (agency id and its GB/T 2260 region), for which dataset and
/// purpose, under which case reference, with the consumer's grant for this dataset and purpose if any,
/// and the HTTP method the source would receive (a read unless stated).
/// </summary>
public readonly record struct DecisionRequest(
    string ConsumerId,
    string ConsumerRegion,
    string DatasetId,
    string Purpose,
    string? Case,
    Grant? Grant,
    DateTimeOffset Now,
    string Method = "GET");
