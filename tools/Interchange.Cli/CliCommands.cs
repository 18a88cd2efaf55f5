using System.CommandLine;

namespace Interchange.Cli;

/// <summary>The command tree: names, descriptions and validation of every option, and the action each command runs.</summary>
internal static class CliCommands
{
    public const string Name = "interchange";

    public static RootCommand Root() => new("Exports the interchange's audit log and verifies an export offline.")
    {
        new Command("audit", "The audit log: export it, or verify an export against a signed checkpoint.")
        {
            Export(),
            Verify(),
        },
    };

    private static Command Export()
    {
        var url = new Option<Uri>("--url")
        {
            Description = "The gateway's public address, e.g. http://localhost:8080/.",
            HelpName = "gateway URL",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    return uri;
                }

                result.AddError($"--url: '{text}' is not an http(s) address.");
                return null;
            },
        };
        var token = new Option<string>("--token") { Description = "An auditor's access token (sent only to the gateway, never printed).", HelpName = "auditor access token", Required = true };
        var folder = new Option<DirectoryInfo>("--out") { Description = "Folder to write key.txt, checkpoint.txt and entries.json to (created if missing).", HelpName = "folder", Required = true };
        var command = new Command("export", "Writes key.txt, checkpoint.txt and entries.json (every entry with its inclusion proof).") { url, token, folder };
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var path = result.GetRequiredValue(folder).FullName;
            var (key, checkpoint, export) = await HttpExporter.FetchAsync(result.GetRequiredValue(url), result.GetRequiredValue(token), cancellationToken);
            Directory.CreateDirectory(path);
            await File.WriteAllTextAsync(Path.Combine(path, "key.txt"), key + "\n", cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(path, "checkpoint.txt"), checkpoint, cancellationToken);
            export.Write(Path.Combine(path, "entries.json"));
            await output.WriteLineAsync($"Exported {export.Entries.Count} entries at tree size {export.TreeSize} to {path}.");
            return 0;
        });
        return command;
    }

    private static Command Verify()
    {
        var key = ExistingFile("--key", "The log's public key (key.txt of an export).", required: true);
        var checkpoint = ExistingFile("--checkpoint", "The signed checkpoint the export claims to match (checkpoint.txt).", required: true);
        var entries = ExistingFile("--entries", "The exported entries with their inclusion proofs (entries.json).", required: true);
        var previous = ExistingFile("--previous-checkpoint", "A checkpoint kept from before; the log must extend it (with --consistency).", required: false);
        var consistency = ExistingFile("--consistency", "The consistency proof from the previous checkpoint's size to this one (JSON with \"hashes\").", required: false);
        var command = new Command("verify", "Checks the signature, every entry's inclusion proof and the root; prints the first bad index.")
        {
            key, checkpoint, entries, previous, consistency,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var verifierKey = (await File.ReadAllTextAsync(result.GetRequiredValue(key).FullName, cancellationToken)).Trim();
            var signed = await File.ReadAllTextAsync(result.GetRequiredValue(checkpoint).FullName, cancellationToken);
            var export = AuditExport.Read(result.GetRequiredValue(entries).FullName);
            var earlier = result.GetValue(previous) is { } previousFile ? await File.ReadAllTextAsync(previousFile.FullName, cancellationToken) : null;
            IReadOnlyList<byte[]>? proof = null;
            if (result.GetValue(consistency) is { } proofFile)
            {
                using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(proofFile.FullName, cancellationToken));
                proof = [.. json.RootElement.GetProperty("hashes").EnumerateArray().Select(h => h.GetBytesFromBase64())];
            }

            var verdict = AuditVerifier.Verify(verifierKey, signed, export, earlier, proof);
            await result.InvocationConfiguration.Output.WriteLineAsync(verdict.FirstBadIndex is { } bad ? $"FAILED at index {bad}: {verdict.Message}" : verdict.Ok ? verdict.Message : "FAILED: " + verdict.Message);
            return verdict.Ok ? 0 : 1;
        });
        return command;
    }

    private static Option<FileInfo> ExistingFile(string name, string description, bool required) =>
        new Option<FileInfo>(name) { Description = description, HelpName = "file", Required = required }.AcceptExistingOnly();
}
