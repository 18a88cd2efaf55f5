namespace Interchange.Core.Storage;

/// <summary>
/// Which engine the EF Core stores use (section <c>Storage</c>). With <c>Postgres</c>, each store's connection
/// string is <c>ConnectionStrings:{store}</c> (<c>Catalog</c>, <c>Identity</c>), else <c>ConnectionStrings:Interchange</c>:
/// one database for everything is the normal deployment. With <c>Sqlite</c> each service's own file setting is used.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The connection string every store falls back to.</summary>
    public const string SharedConnectionStringName = "Interchange";

    /// <summary><c>Sqlite</c> (the default) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = nameof(StorageProvider.Sqlite);
}
