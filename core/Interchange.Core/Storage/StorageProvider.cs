namespace Interchange.Core.Storage;

/// <summary>The database engine behind the EF Core stores (configuration <c>Storage:Provider</c>).</summary>
public enum StorageProvider
{
    /// <summary>Embedded files, one per store; the default, so one command runs everything.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server; each store keeps its tables in its own schema, so one database holds them all.</summary>
    Postgres,
}
