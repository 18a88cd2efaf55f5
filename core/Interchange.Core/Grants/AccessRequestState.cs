namespace Interchange.Core.Grants;

public enum AccessRequestState
{
    /// <summary>Waiting for the providing agency's decision.</summary>
    Pending,

    Approved,

    /// <summary>Refused by the provider, always with a reason.</summary>
    Refused,
}
