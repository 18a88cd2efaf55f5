using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Interchange.Core.Storage;

/// <summary>Column conversions shared by every store, so that SQLite and PostgreSQL order and compare alike.</summary>
public static class StorageConversions
{
    /// <summary>Times as unix microseconds: ordered and compared correctly on SQLite too.</summary>
    public static readonly ValueConverter<DateTimeOffset, long> Time = new(
        v => (v.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10,
        v => new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (v * 10), TimeSpan.Zero));

    public static readonly ValueConverter<DateTimeOffset?, long?> OptionalTime = new(
        v => v.HasValue ? (v.Value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10 : null,
        v => v.HasValue ? new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (v.Value * 10), TimeSpan.Zero) : null);

    /// <summary>A list of names as a JSON array.</summary>
    public static readonly ValueConverter<IReadOnlyList<string>, string> Names = new(
        v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
        v => JsonSerializer.Deserialize<string[]>(v, JsonSerializerOptions.Default) ?? Array.Empty<string>());

    public static readonly ValueComparer<IReadOnlyList<string>> NamesComparer = new(
        (x, y) => x!.SequenceEqual(y!),
        v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode(StringComparison.Ordinal))),
        v => v.ToArray());
}
