namespace Interchange.Cli;

/// <summary>
/// <c>interchange audit export</c> and <c>interchange audit verify</c>. Exit codes: 0 verified,
/// 1 verification failed (the first bad index is printed), 2 usage or input error.
/// </summary>
internal static class Cli
{
    public const string Usage = """
        interchange audit export --url <gateway URL> --token <auditor access token> --out <folder>
            writes key.txt, checkpoint.txt and entries.json (every entry with its inclusion proof)
        interchange audit verify --key <key.txt> --checkpoint <checkpoint.txt> --entries <entries.json>
                                 [--previous-checkpoint <old checkpoint.txt> --consistency <proof.json>]
            checks the signature, every entry's inclusion proof and the root; prints the first bad index
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (args.Length < 2 || args[0] != "audit" || args[1] is not ("export" or "verify"))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 2; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                await error.WriteLineAsync($"Unexpected argument '{args[i]}'.\n{Usage}");
                return 2;
            }

            options[args[i][2..]] = args[i + 1];
        }

        try
        {
            return args[1] == "export" ? await ExportAsync(options, output, cancellationToken) : await VerifyAsync(options, output);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or HttpRequestException or KeyNotFoundException or UriFormatException)
        {
            await error.WriteLineAsync(e.Message);
            return 2;
        }
    }

    private static async Task<int> ExportAsync(Dictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
    {
        var folder = Required(options, "out");
        var (key, checkpoint, export) = await HttpExporter.FetchAsync(new Uri(Required(options, "url")), Required(options, "token"), cancellationToken);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "key.txt"), key + "\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, "checkpoint.txt"), checkpoint, cancellationToken);
        export.Write(Path.Combine(folder, "entries.json"));
        await output.WriteLineAsync($"Exported {export.Entries.Count} entries at tree size {export.TreeSize} to {folder}.");
        return 0;
    }

    private static async Task<int> VerifyAsync(Dictionary<string, string> options, TextWriter output)
    {
        var key = (await File.ReadAllTextAsync(Required(options, "key"))).Trim();
        var checkpoint = await File.ReadAllTextAsync(Required(options, "checkpoint"));
        var export = AuditExport.Read(Required(options, "entries"));
        string? previous = options.TryGetValue("previous-checkpoint", out var path) ? await File.ReadAllTextAsync(path) : null;
        IReadOnlyList<byte[]>? consistency = null;
        if (options.TryGetValue("consistency", out var proofPath))
        {
            using var proof = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(proofPath));
            consistency = [.. proof.RootElement.GetProperty("hashes").EnumerateArray().Select(h => h.GetBytesFromBase64())];
        }

        var result = AuditVerifier.Verify(key, checkpoint, export, previous, consistency);
        await output.WriteLineAsync(result.FirstBadIndex is { } bad ? $"FAILED at index {bad}: {result.Message}" : result.Ok ? result.Message : "FAILED: " + result.Message);
        return result.Ok ? 0 : 1;
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"--{name} is required.\n{Usage}");
}
