namespace Interchange.Audit.Tests;

/// <summary>What only a log in a file meets: its directory moved away or deleted under it.</summary>
public sealed class SqliteAuditLogFileTests
{
    [Fact]
    public async Task Append_WhileTheDirectoryIsMovedAway_ThrowsAuditUnavailableThenRecoversWhenItIsBack()
    {
        using var db = new TempDatabase();
        await using var log = db.OpenLog();
        await log.AppendAsync(TestRecords.Allowed(0));
        var away = db.DirectoryPath + "-away";

        Directory.Move(db.DirectoryPath, away);
        await Assert.ThrowsAsync<AuditUnavailableException>(async () => await log.AppendAsync(TestRecords.Allowed(1)));
        await Assert.ThrowsAsync<AuditUnavailableException>(async () => await log.AppendAsync(TestRecords.Allowed(2)));
        Directory.Move(away, db.DirectoryPath);

        Assert.Equal(1, await log.AppendAsync(TestRecords.Allowed(3)));
        var page = await db.OpenReader().QueryAsync(new AuditQuery());
        Assert.Equal(["req-000000", "req-000003"], page.Records.Select(r => r.RequestId));
    }

    [Fact]
    public async Task Append_AfterTheDatabaseIsDeleted_KeepsFailingRatherThanStartANewLogAtZero()
    {
        using var db = new TempDatabase();
        var logger = new ListLogger<SqliteAuditLog>();
        await using var log = db.OpenLog(logger: logger);
        await log.AppendAsync(TestRecords.Allowed(0));

        Directory.Delete(db.DirectoryPath, recursive: true);
        await Assert.ThrowsAsync<AuditUnavailableException>(async () => await log.AppendAsync(TestRecords.Allowed(1)));
        Directory.CreateDirectory(db.DirectoryPath);

        await Assert.ThrowsAsync<AuditUnavailableException>(async () => await log.AppendAsync(TestRecords.Allowed(2)));
        Assert.False(File.Exists(db.DatabasePath));
        Assert.Contains(logger.Lines, line => line.StartsWith("Critical", StringComparison.Ordinal) && line.Contains("disappeared", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HealthCheck_FileMissing_IsUnhealthyAndDoesNotCreateIt()
    {
        using var db = new TempDatabase();
        await using (var log = db.OpenLog())
        {
            await log.AppendAsync(TestRecords.Allowed(0));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(db.DirectoryPath, recursive: true);
        Directory.CreateDirectory(db.DirectoryPath);
        var result = await new AuditLogHealthCheck(Microsoft.Extensions.Options.Options.Create(db.CreateOptions())).CheckHealthAsync(new());

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, result.Status);
        Assert.False(File.Exists(db.DatabasePath));
    }
}
