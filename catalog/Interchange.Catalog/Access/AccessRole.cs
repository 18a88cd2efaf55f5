namespace Interchange.Catalog.Access;

/// <summary>Which side of the workflow a listing is for.</summary>
public enum AccessRole
{
    /// <summary>The caller's own applications, or the grants it holds.</summary>
    Requester,

    /// <summary>Applications waiting for the caller's decision, or the grants it gave.</summary>
    Provider,
}
