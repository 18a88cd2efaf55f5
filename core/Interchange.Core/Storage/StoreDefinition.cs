namespace Interchange.Core.Storage;

/// <summary>
/// One EF Core store: its connection string name (<c>ConnectionStrings:{Name}</c>, falling back to
/// <c>ConnectionStrings:Interchange</c>), the PostgreSQL schema that holds its tables and migration history,
/// and the assemblies holding its migrations for each provider.
/// </summary>
public sealed record StoreDefinition(string Name, string Schema, string SqliteMigrationsAssembly, string PostgresMigrationsAssembly)
{
    /// <summary>Agencies, datasets, access requests and grants: written by the catalogue, read by gateways.</summary>
    public static readonly StoreDefinition Catalog = new(
        "Catalog", "catalog", "Interchange.Core.Migrations.Sqlite", "Interchange.Core.Migrations.Postgres");

    public string MigrationsAssembly(StorageProvider provider) =>
        provider == StorageProvider.Postgres ? PostgresMigrationsAssembly : SqliteMigrationsAssembly;
}
