namespace Interchange.Catalog.Access;

public enum GrantState
{
    Active,
    Expired,
    Revoked,
}
