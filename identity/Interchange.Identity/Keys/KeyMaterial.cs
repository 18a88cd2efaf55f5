using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Interchange.Identity.Keys;

/// <summary>
/// The server's RSA keys, persisted as PEM files so a restart does not invalidate issued tokens.
/// Keys are generated only where that is allowed (Development); elsewhere a missing key stops start-up.
/// </summary>
internal static class KeyMaterial
{
    public static RsaSecurityKey LoadOrCreate(string directory, string name, bool mayGenerate)
    {
        var path = Path.Combine(directory, name + ".pem");
        var rsa = RSA.Create();
        if (File.Exists(path))
        {
            try
            {
                rsa.ImportFromPem(File.ReadAllText(path));
            }
            catch (ArgumentException e)
            {
                rsa.Dispose();
                throw new InvalidOperationException($"The {name} key at '{path}' is not an RSA private key in PEM form: {e.Message}", e);
            }
        }
        else if (mayGenerate)
        {
            rsa.KeySize = 2048;
            Directory.CreateDirectory(directory);
            var pem = rsa.ExportPkcs8PrivateKeyPem();
            // The private key is readable by the service account only.
            File.WriteAllText(path, pem);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        else
        {
            rsa.Dispose();
            throw new InvalidOperationException(
                $"No {name} key at '{path}'. Outside Development keys are never generated: provide an RSA key " +
                $"(e.g. `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out {path}`) from a secret or volume.");
        }

        var parameters = rsa.ExportParameters(false);
        var keyId = Base64UrlEncoder.Encode(SHA256.HashData(parameters.Modulus!).AsSpan(0, 12).ToArray());
        return new RsaSecurityKey(rsa) { KeyId = keyId };
    }
}
