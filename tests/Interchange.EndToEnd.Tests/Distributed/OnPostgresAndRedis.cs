using Interchange.Testing;
using Interchange.Testing.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Interchange.EndToEnd.Tests.Distributed;

/// <summary>
/// The whole interchange as the production topology stores it: every store (catalogue, identity, workflow, audit) on
/// one PostgreSQL database of its own, reached through a <see cref="SeveringProxy"/> the test can cut, and Redis
/// under a key prefix of its own.
/// </summary>
internal sealed class OnPostgresAndRedis : InterchangeFixture
{
    private PostgresDatabase? _database;

    public SeveringProxy Postgres { get; private set; } = null!;

    public string KeyPrefix { get; } = $"e2e-{Guid.NewGuid():N}:";

    protected override async Task ArrangeAsync(TestScenario scenario)
    {
        _database = await PostgresDatabase.CreateAsync();
        var server = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        Postgres = new SeveringProxy(server.Host!, server.Port);
    }

    protected override void Configure(WebApplicationBuilder builder)
    {
        var throughProxy = new NpgsqlConnectionStringBuilder(_database!.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = Postgres.Port,
            Timeout = 3,
            CommandTimeout = 5,
        };
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Interchange"] = throughProxy.ConnectionString,
            ["Redis:Configuration"] = TestServers.Redis,
            ["Redis:KeyPrefix"] = KeyPrefix,
        });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
