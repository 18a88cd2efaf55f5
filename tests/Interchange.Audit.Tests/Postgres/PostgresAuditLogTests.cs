using System.Net;
using System.Net.Sockets;
using Interchange.Audit.Proofs;
using Interchange.Audit.Storage;
using Interchange.Audit.Tests.Stores;
using Interchange.Testing.Servers;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Interchange.Audit.Tests.Postgres;

/// <summary>What only the log on a server meets: the server going away and coming back, its settings, its text type.</summary>
public sealed class PostgresAuditLogTests
{
    [Fact]
    public void Open_ServerNotListening_ThrowsAuditUnavailableForTheLogTheReaderAndTheTree()
    {
        var options = Options.Create(PostgresTestStore.CreateOptions($"Host=127.0.0.1;Port={ClosedPort()};Username=nobody;Timeout=3"));

        Assert.Throws<AuditUnavailableException>(() => new PostgresAuditLog(options, NullLogger<PostgresAuditLog>.Instance));
        Assert.Throws<AuditUnavailableException>(() => new AuditReader(options));
        Assert.Throws<AuditUnavailableException>(() => new AuditTree(options));
    }

    [Fact]
    public async Task HealthCheck_ServerNotListening_IsUnhealthy()
    {
        var options = Options.Create(PostgresTestStore.CreateOptions($"Host=127.0.0.1;Port={ClosedPort()};Username=nobody;Timeout=3"));

        var result = await new AuditLogHealthCheck(options).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [PostgresFact]
    public async Task Append_ServerGoneAndBack_FailsWithAuditUnavailableThenEverythingRecoversWithoutRestart()
    {
        await using var db = await PostgresTestStore.CreateAsync();
        var server = new NpgsqlConnectionStringBuilder(db.Database.ConnectionString);
        await using var proxy = new TcpProxy(server.Host!, server.Port);
        var options = Options.Create(PostgresTestStore.CreateOptions(
            new NpgsqlConnectionStringBuilder(db.Database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 }.ConnectionString));
        var logger = new ListLogger<PostgresAuditLog>();
        await using var log = new PostgresAuditLog(options, logger);
        var reader = new AuditReader(options);
        using var tree = new AuditTree(options);
        var health = new AuditLogHealthCheck(options);
        Assert.Equal(0, await log.AppendAsync(TestRecords.Allowed(0)));
        Assert.Equal(1, await reader.CountAsync());

        proxy.Stop();
        await Assert.ThrowsAsync<AuditUnavailableException>(async () => await log.AppendAsync(TestRecords.Allowed(1)));
        await Assert.ThrowsAsync<AuditUnavailableException>(async () => await log.AppendAsync(TestRecords.Allowed(2)));
        await Assert.ThrowsAsync<AuditUnavailableException>(() => reader.CountAsync());
        await Assert.ThrowsAsync<AuditUnavailableException>(() => tree.HeadAsync());
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        proxy.Start();

        Assert.Equal(1, await log.AppendAsync(TestRecords.Allowed(3)));
        Assert.Equal(2, await reader.CountAsync());
        Assert.Equal(2, (await tree.HeadAsync()).Size);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        var page = await reader.QueryAsync(new AuditQuery());
        Assert.Equal(["req-000000", "req-000003"], page.Records.Select(r => r.RequestId));
        Assert.Contains(logger.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, line => line.Contains("recovered", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task Append_AfterTheServerDroppedEveryIdleConnection_SucceedsOnNewConnectionsWithoutAFailure()
    {
        await using var db = await PostgresTestStore.CreateAsync();
        var server = new NpgsqlConnectionStringBuilder(db.Database.ConnectionString);
        await using var proxy = new TcpProxy(server.Host!, server.Port);
        var options = Options.Create(PostgresTestStore.CreateOptions(
            new NpgsqlConnectionStringBuilder(db.Database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 }.ConnectionString));
        await using var log = new PostgresAuditLog(options, NullLogger<PostgresAuditLog>.Instance);
        var reader = new AuditReader(options);
        Assert.Equal(0, await log.AppendAsync(TestRecords.Allowed(0)));
        Assert.Equal(1, await reader.CountAsync());

        // A restart between two requests: the writer's connection and the readers' pooled ones are dead, unused.
        proxy.Stop();
        proxy.Start();

        Assert.Equal(1, await log.AppendAsync(TestRecords.Allowed(1)));
        Assert.Equal(2, await reader.CountAsync());
    }

    [PostgresFact]
    public async Task Writer_OnADatabaseWhoseDefaultIsAsynchronousCommit_TurnsSynchronousCommitOn()
    {
        await using var db = await PostgresTestStore.CreateAsync();
        Assert.Null(await db.ScalarAsync($"ALTER DATABASE \"{db.Database.Name}\" SET synchronous_commit = off"));
        Assert.Equal("off", await db.ScalarAsync("SELECT current_setting('synchronous_commit')"));
        await using var store = new PostgresAuditStore(db.CreateOptions());
        store.EnsureCreated();

        using var writer = (PostgresAuditWriter)store.OpenWriter();

        Assert.Equal("on", writer.SynchronousCommit);
    }

    [PostgresFact]
    public async Task Writer_OnADatabaseThatRemoteApplies_KeepsTheStrongerSetting()
    {
        await using var db = await PostgresTestStore.CreateAsync();
        await db.ScalarAsync($"ALTER DATABASE \"{db.Database.Name}\" SET synchronous_commit = remote_apply");
        await using var store = new PostgresAuditStore(db.CreateOptions());
        store.EnsureCreated();

        using var writer = (PostgresAuditWriter)store.OpenWriter();

        Assert.Equal("remote_apply", writer.SynchronousCommit);
    }

    [PostgresFact]
    public async Task Append_RecordWithNulInItsText_IsRefusedAloneAndTheRecordsBesideItAreWritten()
    {
        await using var db = await PostgresTestStore.CreateAsync();
        await using var log = db.OpenLog();

        var before = log.AppendAsync(TestRecords.Allowed(0)).AsTask();
        var refused = Assert.Throws<ArgumentException>(() => log.AppendAsync(TestRecords.Allowed(1) with { Detail = "nul\0" }).AsTask().IsCompleted);
        var after = log.AppendAsync(TestRecords.Allowed(2)).AsTask();
        long[] positions = await Task.WhenAll(before, after);

        Assert.Contains("U+0000", refused.Message, StringComparison.Ordinal);
        Assert.Equal([0L, 1L], positions);
    }

    [PostgresFact]
    public async Task Append_OnADatabaseThatBecameReadOnly_ThrowsAuditUnavailableAndTheHealthCheckSaysWhy()
    {
        await using var db = await PostgresTestStore.CreateAsync();
        await using (var log = db.OpenLog())
        {
            await log.AppendAsync(TestRecords.Allowed(0));
        }

        await db.ScalarAsync($"ALTER DATABASE \"{db.Database.Name}\" SET default_transaction_read_only = on");
        await using var readOnly = db.OpenLog();
        var health = await db.OpenHealthCheck().CheckHealthAsync(new HealthCheckContext());

        await Assert.ThrowsAsync<AuditUnavailableException>(async () => await readOnly.AppendAsync(TestRecords.Allowed(1)));
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("read-only", health.Description, StringComparison.Ordinal);
        Assert.Equal(1, await db.OpenReader().CountAsync());
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
