using Microsoft.AspNetCore.Builder;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Interchange.Standalone;

namespace Interchange.Testing;

/// <summary>
/// A private copy of the demo scenario (lists, seed, data folder) in a temporary directory, which a test
/// may extend with its own departments, lists and sources before the interchange starts.
/// </summary>
public sealed class TestScenario : IDisposable
{
    private readonly JsonObject _seed;

    public TestScenario()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("interchange-test-").FullName;
        ListsDirectory = Path.Combine(Directory, "lists");
        DataDirectory = Path.Combine(Directory, "data");
        System.IO.Directory.CreateDirectory(ListsDirectory);
        foreach (var file in System.IO.Directory.GetFiles(Repository.ListsDirectory))
        {
            File.Copy(file, Path.Combine(ListsDirectory, Path.GetFileName(file)));
        }

        _seed = JsonNode.Parse(File.ReadAllText(Repository.SeedFile))!.AsObject();
    }

    public string Directory { get; }

    public string ListsDirectory { get; }

    public string DataDirectory { get; }

    public string SeedFile => Path.Combine(Directory, "seed.json");

    /// <summary>Adds an agency; like every seeded agency its client secret is <c>&lt;id&gt;-secret</c>.</summary>
    public TestScenario AddAgency(string id, string region, params string[] roles)
    {
        _seed["agencies"]!.AsArray().Add(new JsonObject
        {
            ["id"] = id,
            ["name"] = "Test agency " + id,
            ["region"] = region,
            ["roles"] = new JsonArray(roles.Select(r => (JsonNode)r!).ToArray()),
        });
        return this;
    }

    /// <summary>Registers a dataset served by <paramref name="source"/>.</summary>
    public TestScenario AddDataset(string id, string provider, string region, Uri source)
    {
        _seed["datasets"]!.AsArray().Add(new JsonObject
        {
            ["id"] = id,
            ["title"] = "Test dataset " + id,
            ["description"] = "A dataset registered by a test.",
            ["provider"] = provider,
            ["region"] = region,
            ["source"] = source.AbsoluteUri,
            ["updateFrequency"] = "daily",
        });
        return this;
    }

    /// <summary>Writes (or replaces) a responsibility list file.</summary>
    public TestScenario WriteList(string departmentId, string yaml)
    {
        File.WriteAllText(Path.Combine(ListsDirectory, departmentId + ".yaml"), yaml);
        return this;
    }

    public StandaloneOptions Options(Action<WebApplicationBuilder>? configure = null)
    {
        File.WriteAllText(SeedFile, _seed.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return new StandaloneOptions
        {
            PublicUrl = new Uri($"http://127.0.0.1:{FreePort()}/"),
            DataDirectory = DataDirectory,
            ListsDirectory = ListsDirectory,
            SeedFile = SeedFile,
            Configure = configure,
        };
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a stopping service; the temp folder is cleaned by the OS.
        }
    }
}
