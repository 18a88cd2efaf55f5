using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Interchange.Audit.Checkpoints;

namespace Interchange.Cli;

/// <summary>Fetches what an auditor verifies offline: the key, a checkpoint, and every entry with its inclusion proof.</summary>
internal static class HttpExporter
{
    public static async Task<(string Key, string Checkpoint, AuditExport Export)> FetchAsync(Uri gateway, string token, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var key = (await http.GetStringAsync("audit/key", cancellationToken)).Trim();
        var checkpoint = await http.GetStringAsync("audit/checkpoint", cancellationToken);
        if (!CheckpointVerifier.TryVerify(checkpoint, key, out var head))
        {
            throw new InvalidDataException("The gateway's checkpoint does not verify with its own key.");
        }

        var entries = new List<ExportedEntry>();
        while (entries.Count < head.Size)
        {
            var page = await GetJsonAsync(http, $"audit/entries?start={entries.Count}&end={head.Size}", cancellationToken);
            var items = page.GetProperty("entries").EnumerateArray().ToList();
            if (items.Count == 0)
            {
                throw new InvalidDataException($"The gateway returned no entries from {entries.Count}.");
            }

            foreach (var item in items)
            {
                var index = item.GetProperty("index").GetInt64();
                var proof = await GetJsonAsync(http, $"audit/proof/inclusion?index={index.ToString(CultureInfo.InvariantCulture)}&size={head.Size.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
                entries.Add(new ExportedEntry(index, item.GetProperty("data").GetBytesFromBase64(),
                    [.. proof.GetProperty("hashes").EnumerateArray().Select(h => h.GetBytesFromBase64())]));
            }
        }

        return (key, checkpoint, new AuditExport(head.Size, entries));
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidDataException($"GET {path}: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
