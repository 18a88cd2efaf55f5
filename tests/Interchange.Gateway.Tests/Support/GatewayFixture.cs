using Interchange.Audit;
using Interchange.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Interchange.Gateway.Tests.Support;

/// <summary>
/// The whole interchange with the demo scenario plus <see cref="TestProvider"/>'s datasets on a
/// <see cref="ControllableSource"/>; a short source timeout; every service's log written to files the
/// tests search for canaries. One instance per test class.
/// </summary>
public class GatewayFixture : InterchangeFixture
{
    public const string Consumer = "sz-civil-affairs";
    public const string Auditor = "gd-audit-office";

    private static int _logFiles;
    private AuditReader? _auditReader;
    private string? _token;

    public ControllableSource Source { get; } = new();

    /// <summary>
    /// One folder for the whole test process: the services log through Serilog's static logger, which the last host
    /// started replaces (and a stopped host closes), so a fixture's lines may land in another fixture's file.
    /// </summary>
    public static string LogDirectory { get; } = CreateLogDirectory();

    public string AuditDatabasePath => Path.Combine(Scenario.DataDirectory, "audit.db");

    /// <summary>A real token of <see cref="Consumer"/> with the catalog and data scopes.</summary>
    public async Task<string> ConsumerTokenAsync() => _token ??= await Client.TokenAsync(Consumer);

    public AuditReader AuditReader => _auditReader ??= new AuditReader(Options.Create(new AuditOptions { DatabasePath = AuditDatabasePath }));

    protected override async Task ArrangeAsync(TestScenario scenario)
    {
        await Source.StartAsync();
        scenario.AddAgency(TestProvider.Id, TestProvider.Region, "provider");
        foreach (var (dataset, path) in TestProvider.Datasets)
        {
            // A closed port stands for a source that is down.
            var url = path is null ? new Uri($"http://127.0.0.1:{TestScenario.FreePort()}/down") : new Uri(Source.Url, path);
            scenario.AddDataset(dataset, TestProvider.Id, TestProvider.Region, url);
        }

        scenario.WriteList(TestProvider.Id, TestProvider.List());
    }

    protected override void Configure(WebApplicationBuilder builder)
    {
        var logFile = Path.Combine(LogDirectory, $"service-{Interlocked.Increment(ref _logFiles)}.log");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Long enough for a busy CI machine (token issuance goes through the same timeout); one test waits it out once.
            ["Gateway:SourceTimeout"] = "00:00:08",
            ["Serilog:Using:0"] = "Serilog.Sinks.File",
            ["Serilog:WriteTo:0:Name"] = "File",
            ["Serilog:WriteTo:0:Args:path"] = logFile,
            ["Serilog:MinimumLevel:Override:Interchange"] = "Debug",
        });
    }

    private static string CreateLogDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("interchange-gateway-tests-logs-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        };
        return directory;
    }

    /// <summary>Every line the services of every fixture in this process have logged so far.</summary>
    public static string ApplicationLog()
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.GetFiles(LogDirectory, "*.log"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }

    /// <summary>The raw bytes of the audit database and its write-ahead log, as text.</summary>
    public string AuditFiles()
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in new[] { AuditDatabasePath, AuditDatabasePath + "-wal" })
        {
            if (File.Exists(file))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                text.Append(System.Text.Encoding.UTF8.GetString(memory.ToArray()));
            }
        }

        return text.ToString();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Source.DisposeAsync();
    }
}
