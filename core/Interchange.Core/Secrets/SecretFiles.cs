using System.Security.Cryptography;

namespace Interchange.Core.Secrets;

/// <summary>
/// Per-deployment random secrets kept in files (mode 600): generated only where the caller allows it
/// (development), otherwise a missing file stops start-up naming the path. Generation creates the file
/// exclusively, so of several services starting at once exactly one writes it and all use that secret.
/// </summary>
public static class SecretFiles
{
    public static byte[] LoadOrCreate(string path, int size, bool mayGenerate, string what)
    {
        if (!File.Exists(path))
        {
            if (!mayGenerate)
            {
                throw new InvalidOperationException(
                    $"No {what} at '{path}'. Outside development it is never generated: provide {size} random bytes " +
                    $"(e.g. `head -c {size} /dev/urandom > {path}`, mode 600) from a secret or volume.");
            }

            TryCreate(path, size);
        }

        byte[] secret;
        try
        {
            secret = File.ReadAllBytes(path);
            // A concurrent instance may be between creating the file and writing it: wait briefly.
            for (var attempt = 0; secret.Length < size && mayGenerate && attempt < 50; attempt++)
            {
                Thread.Sleep(20);
                secret = File.ReadAllBytes(path);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The {what} at '{path}' cannot be read: {exception.Message}", exception);
        }

        if (secret.Length != size)
        {
            CryptographicOperations.ZeroMemory(secret);
            throw new InvalidOperationException($"The {what} at '{path}' is not {size} bytes long.");
        }

        return secret;
    }

    private static void TryCreate(string path, int size)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var secret = RandomNumberGenerator.GetBytes(size);
        try
        {
            // CreateNew is atomic (O_EXCL); moving a file into place is not (a second move could overwrite the first).
            using var stream = new FileStream(path, options);
            stream.Write(secret);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance created it first; its secret is the one read back.
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
