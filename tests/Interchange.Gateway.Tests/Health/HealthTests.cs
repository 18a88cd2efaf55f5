using System.Net;
using System.Text.Json;
using Interchange.Testing;
using Microsoft.Data.Sqlite;

namespace Interchange.Gateway.Tests.Health;

/// <summary>Liveness and readiness of the front door: ready only while its stores, audit log and keys work.</summary>
public sealed class HealthTests : IClassFixture<InterchangeFixture>
{
    private readonly InterchangeFixture _fixture;

    public HealthTests(InterchangeFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Ready_WhileEverythingWorks_Returns200NamingEveryCheck()
    {
        var response = await _fixture.Client.Http.GetAsync("health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal(["audit-log", "catalog-store", "signing-keys"], checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Ready_AuditLogLocked_Returns503UntilItIsFree_LiveStays200()
    {
        var auditPath = Path.Combine(_fixture.Scenario.DataDirectory, "audit.db");
        await using (var blocker = new SqliteConnection($"Data Source={auditPath};Pooling=False"))
        {
            await blocker.OpenAsync();
            await using (var command = blocker.CreateCommand())
            {
                command.CommandText = "BEGIN EXCLUSIVE;";
                await command.ExecuteNonQueryAsync();
            }

            var ready = await _fixture.Client.Http.GetAsync("health/ready");
            var live = await _fixture.Client.Http.GetAsync("health/live");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var audit = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("audit-log");
            Assert.Equal("Unhealthy", audit.GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);

            await using var rollback = blocker.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await _fixture.Client.Http.GetAsync("health/ready")).StatusCode);
    }
}
