using System.Net;
using Interchange.Audit;
using Interchange.Gateway.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Interchange.Gateway.Tests.Audit;

/// <summary>The interchange with a one-second audit busy timeout, so a locked audit log shows quickly.</summary>
public sealed class ShortAuditTimeoutFixture : GatewayFixture
{
    protected override void Configure(WebApplicationBuilder builder)
    {
        base.Configure(builder);
        builder.Services.PostConfigure<AuditOptions>(o => o.BusyTimeout = TimeSpan.FromSeconds(1));
    }
}

/// <summary>docs/security.md, case 23, and "no audit, no data": a locked audit log stops the data plane, which recovers by itself.</summary>
public sealed class AuditUnavailableTests(ShortAuditTimeoutFixture fixture) : IClassFixture<ShortAuditTimeoutFixture>
{
    private const string Path = "data/business-licenses/records?limit=3";
    private const string Purpose = "business-verification";

    [Fact]
    public async Task Proxy_AuditLogLocked_Returns503AuditUnavailableWithoutDataAndRecoversWithoutRestart()
    {
        var token = await fixture.ConsumerTokenAsync();
        var warmUp = await fixture.Client.ReadAsync(token, Path, Purpose);
        Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        var sizeBefore = await fixture.AuditReader.CountAsync();

        HttpResponseMessage locked;
        HttpResponseMessage lockedRefusal;
        await using (var holder = new SqliteConnection($"Data Source={fixture.AuditDatabasePath};Mode=ReadWrite;Pooling=False"))
        {
            await holder.OpenAsync();
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE;";
                await begin.ExecuteNonQueryAsync();
            }

            locked = await fixture.Client.ReadAsync(token, Path, Purpose);
            lockedRefusal = await fixture.Client.ReadAsync(token, "data/business-licenses/records", purpose: null);

            await using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        var problem = await Expect.ProblemAsync(locked, HttpStatusCode.ServiceUnavailable, "audit-unavailable");
        Assert.False(problem.TryGetProperty("records", out _));
        Assert.NotNull(locked.Headers.RetryAfter);
        Assert.False(locked.Headers.Contains("Interchange-Rule"), "a rule header promises data that was withheld");
        await Expect.ProblemAsync(lockedRefusal, HttpStatusCode.ServiceUnavailable, "audit-unavailable");
        Assert.NotNull(lockedRefusal.Headers.RetryAfter);

        var recovered = await fixture.Client.ReadAsync(token, Path, Purpose);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        var record = await Expect.AuditedOnceAsync(fixture, recovered);
        Assert.Equal(AuditDecision.Allowed, record.Decision);
        // Nothing answered while the log was locked is on record as answered with data.
        var locks = new[] { Expect.RequestId(locked), Expect.RequestId(lockedRefusal) };
        var all = await Expect.AllAuditRecordsAsync(fixture);
        Assert.DoesNotContain(all, r => locks.Contains(r.RequestId) && r.Status is >= 200 and < 300);
        Assert.True(await fixture.AuditReader.CountAsync() > sizeBefore);
    }
}
