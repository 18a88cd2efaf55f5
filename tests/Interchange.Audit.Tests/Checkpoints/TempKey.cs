namespace Interchange.Audit.Tests.Checkpoints;

/// <summary>A key file path in its own temporary directory, removed afterwards.</summary>
internal sealed class TempKey : IDisposable
{
    public const string Origin = "interchange.example/audit";

    public TempKey()
    {
        Root = Path.Combine(Path.GetTempPath(), "interchange-audit-tests", Guid.NewGuid().ToString("N"));
        // A directory that does not exist yet, so generation also covers its creation.
        KeyPath = Path.Combine(Root, "keys", "checkpoint.key");
    }

    public string Root { get; }

    public string KeyPath { get; }

    public Interchange.Audit.Checkpoints.CheckpointSigner Open(bool mayGenerate = true, string name = Origin) => new(KeyPath, name, mayGenerate);

    public void Dispose()
    {
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
