using System.Text.Json;
using System.Text.Json.Serialization;
using Interchange.Core.Agencies;

namespace Interchange.Core.Seed;

/// <summary>
/// Agencies and dataset registrations to seed a fresh deployment with (the demo scenario ships one).
/// A dataset's <c>source</c> may contain <c>{sources}</c>, replaced by the base URL the host serves demo sources at.
/// </summary>
public sealed record ScenarioSeed(IReadOnlyList<SeedAgency> Agencies, IReadOnlyList<SeedDataset> Datasets)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static ScenarioSeed Load(string path)
    {
        using var stream = File.OpenRead(path);
        try
        {
            return JsonSerializer.Deserialize<ScenarioSeed>(stream, Json)
                ?? throw new InvalidDataException($"{path}: the seed file is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: line {e.LineNumber + 1}: {e.Message}", e);
        }
    }
}

public sealed record SeedAgency(string Id, string Name, string Region, IReadOnlyList<string> Roles)
{
    public Agency ToAgency() => new() { Id = Id, Name = Name, Region = Region, Roles = [.. Roles] };
}

public sealed record SeedDataset(string Id, string Title, string Description, string Provider, string Region, string Source, string? UpdateFrequency)
{
    public Uri SourceUrl(Uri? sourcesBase)
    {
        var text = sourcesBase is null ? Source : Source.Replace("{sources}", sourcesBase.ToString().TrimEnd('/'), StringComparison.Ordinal);
        return new Uri(text, UriKind.Absolute);
    }
}
