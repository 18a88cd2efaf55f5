using Interchange.Core.Grants;
using Interchange.Core.Storage;
using Interchange.Gateway.Caching;
using Microsoft.EntityFrameworkCore;

namespace Interchange.Gateway.DataPlane;

/// <summary>
/// The grant in force for a consumer, dataset and purpose. Without Redis it is read from the store on every
/// conditional request, so nothing cached can go stale. With Redis the answer is cached in process and in Redis
/// under the grant epoch, which every approval, revocation and expiry raises on every gateway at once; when the
/// gateway cannot hear those changes, or Redis fails, the store answers. A store failure is thrown to the caller.
/// </summary>
internal sealed class GrantLookup(IDbContextFactory<CatalogDbContext> contexts, TimeProvider time, GrantCache? cache = null)
{
    private long _storeReads;

    /// <summary>How many lookups the store answered (for tests and diagnostics).</summary>
    internal long StoreReads => Interlocked.Read(ref _storeReads);

    public async Task<Grant?> InForceAsync(string consumer, string dataset, string purpose, CancellationToken cancellationToken)
    {
        if (cache?.Epoch is not { } epoch)
        {
            return await ReadStoreAsync(consumer, dataset, purpose, cancellationToken);
        }

        var key = new GrantKey(consumer, dataset, purpose);
        var (found, cached) = await cache.TryGetAsync(key, epoch);
        if (found)
        {
            return cached;
        }

        // Read after the epoch was taken: a change committed meanwhile raises the epoch, so this answer is never used under the new one.
        var grant = await ReadStoreAsync(consumer, dataset, purpose, cancellationToken);
        cache.Put(key, epoch, grant);
        return grant;
    }

    private async Task<Grant?> ReadStoreAsync(string consumer, string dataset, string purpose, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _storeReads);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Grants.AsNoTracking()
            .Where(g => g.ConsumerId == consumer && g.DatasetId == dataset && g.Purpose == purpose && !g.Revoked && g.Until > now)
            .OrderByDescending(g => g.Until)
            .FirstOrDefaultAsync(cancellationToken);
    }
}
