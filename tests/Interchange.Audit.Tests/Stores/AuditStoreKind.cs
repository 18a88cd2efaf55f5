namespace Interchange.Audit.Tests.Stores;

/// <summary>The store a parameterised test runs against.</summary>
public enum AuditStoreKind
{
    Sqlite,
    Postgres,
}
