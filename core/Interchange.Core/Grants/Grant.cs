namespace Interchange.Core.Grants;

/// <summary>An approved, time-bound, purpose-bound permission for one consumer to read a conditional dataset.</summary>
public sealed record Grant(
    string Id,
    string DatasetId,
    string ConsumerId,
    string Purpose,
    IReadOnlyList<string> Fields,
    DateTimeOffset Until,
    bool Revoked)
{
    /// <summary>A grant is in force when it is not revoked and not expired.</summary>
    public bool IsInForce(DateTimeOffset now) => !Revoked && now < Until;
}
