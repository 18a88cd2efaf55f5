using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Interchange.Identity.Storage;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace Interchange.Identity.Clients;

/// <summary>
/// Whether a registered client is disabled, kept in its OpenIddict application entry (the <c>Properties</c> column) as
/// the time it was disabled. A disabled client keeps its entry, so that it can be enabled again and so that the
/// resource servers can be told which clients' tokens to refuse (<see cref="DisabledClientsEndpoint"/>); it gets no token
/// (<see cref="AgencyApplicationManager"/>).
/// </summary>
public static class ClientStatus
{
    public const string DisabledAtProperty = "interchange_disabled_at";

    /// <summary>When the client whose properties these are was disabled, or null while it is enabled.</summary>
    public static DateTimeOffset? DisabledAt(string? properties)
    {
        if (string.IsNullOrEmpty(properties) || !properties.Contains(DisabledAtProperty, StringComparison.Ordinal))
        {
            return null;
        }

        return JsonNode.Parse(properties)?[DisabledAtProperty] is JsonValue value && value.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : null;
    }

    /// <summary>Marks the entry disabled at <paramref name="at"/>, or enabled when null; false when nothing changed.</summary>
    public static bool Set(OpenIddictEntityFrameworkCoreApplication application, DateTimeOffset? at)
    {
        ArgumentNullException.ThrowIfNull(application);
        if ((DisabledAt(application.Properties) is null) == (at is null))
        {
            return false;
        }

        var properties = string.IsNullOrEmpty(application.Properties) ? new JsonObject() : JsonNode.Parse(application.Properties)!.AsObject();
        if (at is { } time)
        {
            properties[DisabledAtProperty] = time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        }
        else
        {
            properties.Remove(DisabledAtProperty);
        }

        application.Properties = properties.Count == 0 ? null : properties.ToJsonString();
        // OpenIddict's optimistic concurrency: every write of an entry gives it a new token.
        application.ConcurrencyToken = Guid.NewGuid().ToString();
        return true;
    }

    /// <summary>The disabled clients in the store, by client id, with the time each was disabled.</summary>
    public static async Task<IReadOnlyList<DisabledClient>> ReadDisabledAsync(IdentityDbContext db, CancellationToken cancellationToken)
    {
        var candidates = await db.Set<OpenIddictEntityFrameworkCoreApplication>().AsNoTracking()
            .Where(a => a.Properties != null && a.Properties.Contains(DisabledAtProperty))
            .Select(a => new { a.ClientId, a.Properties })
            .ToListAsync(cancellationToken);
        var disabled = new List<DisabledClient>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if (candidate.ClientId is not null && DisabledAt(candidate.Properties) is { } at)
            {
                disabled.Add(new DisabledClient(candidate.ClientId, at));
            }
        }

        disabled.Sort((a, b) => string.CompareOrdinal(a.ClientId, b.ClientId));
        return disabled;
    }

    /// <summary>For the JSON the endpoint answers with.</summary>
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<DisabledClient> disabled)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteStartArray("clients");
        foreach (var client in disabled)
        {
            writer.WriteStartObject();
            writer.WriteString("clientId", client.ClientId);
            writer.WriteString("disabledAt", client.DisabledAt);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
