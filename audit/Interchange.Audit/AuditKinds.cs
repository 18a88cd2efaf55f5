namespace Interchange.Audit;

/// <summary>What kind of action an audit record describes; workflow kinds are added beside these.</summary>
public static class AuditKinds
{
    public const string DataAccess = "data-access";
}
