using System.Security.Cryptography;
using Interchange.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Interchange.Identity.Tests;

/// <summary>Start-up outside Development: no generated keys, no demo clients with published secrets.</summary>
public sealed class IdentityApplicationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("interchange-identity-").FullName;

    private string KeysDirectory => Path.Combine(_directory, "keys");

    [Fact]
    public async Task Build_ProductionWithoutSigningKey_FailsNamingTheKeyPath()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BuildProductionAsync(demoSeed: false));

        Assert.Contains(Path.Combine(KeysDirectory, "signing.pem"), error.Message, StringComparison.Ordinal);
        Assert.Contains("Outside Development keys are never generated", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(KeysDirectory, "signing.pem")));
    }

    [Fact]
    public async Task Build_ProductionWithoutEncryptionKey_FailsNamingTheKeyPath()
    {
        WriteKey("signing");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BuildProductionAsync(demoSeed: false));

        Assert.Contains(Path.Combine(KeysDirectory, "encryption.pem"), error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(KeysDirectory, "encryption.pem")));
    }

    [Fact]
    public async Task Build_ProductionWithKeyThatIsNotPem_FailsNamingTheKeyPath()
    {
        Directory.CreateDirectory(KeysDirectory);
        await File.WriteAllTextAsync(Path.Combine(KeysDirectory, "signing.pem"), "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BuildProductionAsync(demoSeed: false));

        Assert.Contains(Path.Combine(KeysDirectory, "signing.pem"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_ProductionWithDemoSeed_RefusesTheDemoClientsNamingDevelopment()
    {
        WriteKey("signing");
        WriteKey("encryption");
        File.WriteAllBytes(Path.Combine(KeysDirectory, "client-id.key"), RandomNumberGenerator.GetBytes(32));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BuildProductionAsync(demoSeed: true));

        Assert.Contains("Identity:DemoSeedFile", error.Message, StringComparison.Ordinal);
        Assert.Contains("Development", error.Message, StringComparison.Ordinal);
        Assert.Contains("Production", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_ProductionWithoutClientIdHashKey_FailsNamingTheKeyPath()
    {
        WriteKey("signing");
        WriteKey("encryption");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BuildProductionAsync(demoSeed: false));

        Assert.Contains(Path.Combine(KeysDirectory, "client-id.key"), error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(KeysDirectory, "client-id.key")));
    }

    [Fact]
    public async Task Build_ProductionWithKeysAndNoDemoSeed_Succeeds()
    {
        WriteKey("signing");
        WriteKey("encryption");
        File.WriteAllBytes(Path.Combine(KeysDirectory, "client-id.key"), RandomNumberGenerator.GetBytes(32));

        await using var app = await BuildProductionAsync(demoSeed: false);

        Assert.Equal("Production", app.Environment.EnvironmentName);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS.
        }
    }

    private void WriteKey(string name)
    {
        Directory.CreateDirectory(KeysDirectory);
        using var rsa = RSA.Create(2048);
        File.WriteAllText(Path.Combine(KeysDirectory, name + ".pem"), rsa.ExportPkcs8PrivateKeyPem());
    }

    private Task<WebApplication> BuildProductionAsync(bool demoSeed) =>
        IdentityApplication.BuildAsync(["--environment=Production", "--urls=http://127.0.0.1:0"], builder =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["Identity:Issuer"] = "https://interchange.example.gov.cn/",
                ["Identity:DatabasePath"] = Path.Combine(_directory, "identity.db"),
                ["Identity:KeysDirectory"] = KeysDirectory,
            };
            if (demoSeed)
            {
                settings["Identity:DemoSeedFile"] = Repository.SeedFile;
            }

            builder.Configuration.AddInMemoryCollection(settings);
        });
}
