namespace Interchange.Standalone;

/// <summary>Where the one-process interchange listens and keeps its files.</summary>
public sealed class StandaloneOptions
{
    /// <summary>The front door agencies use; also the token issuer.</summary>
    public Uri PublicUrl { get; init; } = new("http://localhost:8080/");

    /// <summary>Folder for the SQLite files and keys; a second start keeps what the first wrote.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Folder of the responsibility lists; edits are picked up while running.</summary>
    public required string ListsDirectory { get; init; }

    /// <summary>The demo scenario seed (agencies, datasets).</summary>
    public required string SeedFile { get; init; }

    /// <summary>The ASP.NET Core environment of every service; demo secrets are refused outside Development.</summary>
    public string EnvironmentName { get; init; } = "Development";

    /// <summary>Told one short line as each service has started, so a long first start is not silent.</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>Extra configuration of every service (tests use it for e.g. a fake clock).</summary>
    public Action<WebApplicationBuilder>? Configure { get; init; }

    /// <summary>Finds the repository's lists, seed and data folder from the current or the program's directory.</summary>
    public static StandaloneOptions ForRepository(Uri? publicUrl = null, string? dataDirectory = null, string? listsDirectory = null, string? environmentName = null, Action<string>? progress = null, Action<WebApplicationBuilder>? configure = null)
    {
        var root = FindRoot(Directory.GetCurrentDirectory()) ?? FindRoot(AppContext.BaseDirectory);
        var lists = root is null ? Path.Combine(AppContext.BaseDirectory, "policies", "lists") : Path.Combine(root, "policies", "lists");
        var seed = root is null ? Path.Combine(AppContext.BaseDirectory, "seed", "demo-scenario.json") : Path.Combine(root, "samples", "seed", "demo-scenario.json");
        return new StandaloneOptions
        {
            PublicUrl = publicUrl ?? new Uri("http://localhost:8080/"),
            DataDirectory = Path.GetFullPath(dataDirectory ?? Path.Combine(root ?? Directory.GetCurrentDirectory(), "data")),
            ListsDirectory = Path.GetFullPath(listsDirectory ?? lists),
            SeedFile = seed,
            EnvironmentName = environmentName ?? DefaultEnvironment(),
            Progress = progress,
            Configure = configure,
        };
    }

    /// <summary>The environment a service would pick by itself: ASP.NET Core's variable, then the generic host's, then Development.</summary>
    public static string DefaultEnvironment() => Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
        ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
        ?? "Development";

    private static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Interchange.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
