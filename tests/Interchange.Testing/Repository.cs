namespace Interchange.Testing;

/// <summary>Paths of the repository the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string ListsDirectory => Path.Combine(Root, "policies", "lists");

    public static string SeedFile => Path.Combine(Root, "samples", "seed", "demo-scenario.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Interchange.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tests must run inside the repository (no Interchange.sln above " + AppContext.BaseDirectory + ").");
    }
}
