using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Interchange.Core.Storage;

/// <summary>
/// A store's engine and connection string, resolved once at start from <c>Storage:Provider</c> and
/// <c>ConnectionStrings</c>, so that bad configuration stops the service there with every problem named.
/// </summary>
public sealed record StoreConnection(StoreDefinition Store, StorageProvider Provider, string ConnectionString)
{
    /// <summary>Resolves <paramref name="store"/>'s connection; <paramref name="sqlitePath"/> is its file when the provider is SQLite.</summary>
    /// <param name="readOnly">For readers (gateways): SQLite opens the file read-only, PostgreSQL sessions refuse writes.</param>
    /// <exception cref="OptionsValidationException">The provider is unknown, or PostgreSQL has no usable connection string.</exception>
    public static StoreConnection Resolve(IConfiguration configuration, StoreDefinition store, string? sqlitePath, bool readOnly = false)
    {
        var errors = new List<string>();
        var provider = ParseProvider(configuration, errors);
        var connectionString = provider switch
        {
            StorageProvider.Postgres => PostgresConnectionString(configuration, store, readOnly, errors),
            StorageProvider.Sqlite => SqliteConnectionString(store, sqlitePath, readOnly, errors),
            _ => "",
        };
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions), errors);
        }

        return new StoreConnection(store, provider!.Value, connectionString);
    }

    /// <summary>Never prints the connection string: it may hold a password.</summary>
    public override string ToString() => $"{Store.Name} store on {Provider}";

    private static StorageProvider? ParseProvider(IConfiguration configuration, List<string> errors)
    {
        var key = $"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}";
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return StorageProvider.Sqlite;
        }

        if (Enum.TryParse<StorageProvider>(value.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider))
        {
            return provider;
        }

        errors.Add($"{key} is '{value}'; it must be Sqlite (the default, embedded) or Postgres.");
        return null;
    }

    private static string PostgresConnectionString(IConfiguration configuration, StoreDefinition store, bool readOnly, List<string> errors)
    {
        var name = store.Name;
        var value = configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            name = StorageOptions.SharedConnectionStringName;
            value = configuration.GetConnectionString(name);
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(
                $"Storage:Provider is Postgres but the {store.Name} store has no connection string: set ConnectionStrings:{store.Name} " +
                $"or ConnectionStrings:{StorageOptions.SharedConnectionStringName} (environment: ConnectionStrings__{StorageOptions.SharedConnectionStringName}=Host=…;Database=…;Username=…;Password=…).");
            return "";
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException e)
        {
            // The message names the bad keyword, never the value (which may be a password).
            errors.Add($"ConnectionStrings:{name} is not a PostgreSQL (Npgsql) connection string: {e.Message}");
            return "";
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            errors.Add($"ConnectionStrings:{name} names no Host.");
            return "";
        }

        if (readOnly)
        {
            builder.Options = $"{builder.Options} -c default_transaction_read_only=on".Trim();
        }

        return builder.ConnectionString;
    }

    private static string SqliteConnectionString(StoreDefinition store, string? path, bool readOnly, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add($"Storage:Provider is Sqlite but the {store.Name} store's SQLite file is not set.");
            return "";
        }

        return new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ConnectionString;
    }
}
