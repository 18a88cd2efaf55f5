namespace Interchange.Core.Grants;

/// <summary>
/// An approved, time-bound, purpose-bound permission for one consumer to read a conditional dataset,
/// limited to <see cref="Fields"/>. Created by the provider's approval of an access request; ended by
/// its <see cref="Until"/> or by revocation. Never edited otherwise.
/// </summary>
public sealed record Grant(
    string Id,
    string DatasetId,
    string ConsumerId,
    string Purpose,
    IReadOnlyList<string> Fields,
    DateTimeOffset Until,
    bool Revoked)
{
    /// <summary>The providing agency that granted it (and alone may revoke it).</summary>
    public string ProviderId { get; init; } = "";

    /// <summary>The access request whose approval created it.</summary>
    public string? RequestId { get; init; }

    public DateTimeOffset GrantedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>When the expiry was put on record in the audit log (once, after <see cref="Until"/>).</summary>
    public DateTimeOffset? ExpiryRecordedAt { get; init; }

    /// <summary>A grant is in force when it is not revoked and not expired.</summary>
    public bool IsInForce(DateTimeOffset now) => !Revoked && now < Until;
}
