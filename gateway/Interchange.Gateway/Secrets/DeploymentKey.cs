using System.Security.Cryptography;

namespace Interchange.Gateway.Secrets;

/// <summary>A per-deployment random key kept in a file; generated only where that is allowed (Development).</summary>
internal static class DeploymentKey
{
    public static byte[] LoadOrCreate(string path, bool mayGenerate)
    {
        if (File.Exists(path))
        {
            var key = File.ReadAllBytes(path);
            return key.Length >= 32
                ? key
                : throw new InvalidOperationException($"The key at '{path}' is shorter than 32 bytes.");
        }

        if (!mayGenerate)
        {
            throw new InvalidOperationException(
                $"No key at '{path}'. Outside Development keys are never generated: provide 32 random bytes (e.g. `head -c 32 /dev/urandom > {path}`) from a secret or volume.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var created = RandomNumberGenerator.GetBytes(32);
        File.WriteAllBytes(path, created);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return created;
    }
}
