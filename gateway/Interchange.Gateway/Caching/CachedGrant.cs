using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Interchange.Core.Grants;

namespace Interchange.Gateway.Caching;

/// <summary>
/// A grant answer as kept in Redis: an HMAC over the epoch, the lookup and the grant, then the grant as JSON (empty for
/// "no grant in force"). The MAC key is derived from the gateways' own deployment secret, so whoever can write to Redis
/// still cannot make a gateway allow: a forged, altered or moved entry fails the check and the store is asked.
/// Entries hold identifiers, field names and dates, never tokens or personal values.
/// </summary>
internal sealed class CachedGrant(byte[] secret)
{
    private const int MacSize = 32;
    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: null, Encoding.UTF8.GetBytes("interchange grant cache v1"));

    /// <summary>The cache key of a lookup (after the epoch): a hash, so that no identifier shapes a Redis key.</summary>
    public static string Hash(in GrantKey key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{key.Consumer}\n{key.Dataset}\n{key.Purpose}")));

    public byte[] Write(in GrantKey key, long epoch, Grant? grant)
    {
        var payload = grant is null
            ? []
            : JsonSerializer.SerializeToUtf8Bytes(new Entry(grant.Id, grant.DatasetId, grant.ConsumerId, grant.Purpose, [.. grant.Fields], grant.Until,
                grant.ProviderId, grant.RequestId, grant.GrantedAt), CachedGrantJson.Default.Entry);
        var bytes = new byte[MacSize + payload.Length];
        Mac(key, epoch, payload, bytes.AsSpan(0, MacSize));
        payload.CopyTo(bytes.AsSpan(MacSize));
        return bytes;
    }

    /// <summary>False when the entry is not one a gateway wrote for this lookup and epoch.</summary>
    public bool TryRead(byte[] bytes, in GrantKey key, long epoch, out Grant? grant)
    {
        grant = null;
        if (bytes.Length < MacSize)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacSize];
        var payload = bytes.AsSpan(MacSize);
        Mac(key, epoch, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(0, MacSize)))
        {
            return false;
        }

        if (payload.IsEmpty)
        {
            return true;
        }

        Entry? entry;
        try
        {
            entry = JsonSerializer.Deserialize(payload, CachedGrantJson.Default.Entry);
        }
        catch (JsonException)
        {
            return false;
        }

        if (entry is null || entry.ConsumerId != key.Consumer || entry.DatasetId != key.Dataset || entry.Purpose != key.Purpose)
        {
            return false;
        }

        grant = new Grant(entry.Id, entry.DatasetId, entry.ConsumerId, entry.Purpose, entry.Fields, entry.Until, Revoked: false)
        {
            ProviderId = entry.ProviderId,
            RequestId = entry.RequestId,
            GrantedAt = entry.GrantedAt,
        };
        return true;
    }

    private void Mac(in GrantKey key, long epoch, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(Encoding.UTF8.GetBytes($"{epoch}\n{key.Consumer}\n{key.Dataset}\n{key.Purpose}\n"));
        hmac.AppendData(payload);
        hmac.GetHashAndReset(destination);
    }

    internal sealed record Entry(string Id, string DatasetId, string ConsumerId, string Purpose, string[] Fields, DateTimeOffset Until,
        string ProviderId, string? RequestId, DateTimeOffset GrantedAt);
}

/// <summary>A grant lookup: consumer, dataset, purpose.</summary>
internal readonly record struct GrantKey(string Consumer, string Dataset, string Purpose);

[JsonSerializable(typeof(CachedGrant.Entry))]
internal sealed partial class CachedGrantJson : JsonSerializerContext;
