using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Interchange.Audit.Tests;

/// <summary>A real SQLite file in its own temporary directory, removed afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Root = Path.Combine(Path.GetTempPath(), "interchange-audit-tests", Guid.NewGuid().ToString("N"));
        // A directory that does not exist yet, so every test also covers its creation.
        DirectoryPath = Path.Combine(Root, "audit");
        DatabasePath = Path.Combine(DirectoryPath, "audit.db");
    }

    public string Root { get; }

    public string DirectoryPath { get; }

    public string DatabasePath { get; }

    public AuditOptions CreateOptions(int maxBatch = 1024) => new()
    {
        DatabasePath = DatabasePath,
        MaxBatch = maxBatch,
        BusyTimeout = TimeSpan.FromSeconds(1),
    };

    public SqliteAuditLog OpenLog(int maxBatch = 1024, ILogger<SqliteAuditLog>? logger = null) =>
        new(Options.Create(CreateOptions(maxBatch)), logger ?? NullLogger<SqliteAuditLog>.Instance);

    public AuditReader OpenReader() => new(Options.Create(CreateOptions()));

    /// <summary>A plain connection for arranging faults and inspecting the file.</summary>
    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Pooling = false,
            DefaultTimeout = 1,
        }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean; a test must not fail on tidying up.
        }
    }
}
