using Interchange.Core.Grants;
using Interchange.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Interchange.Gateway.DataPlane;

/// <summary>
/// The grant in force for a consumer, dataset and purpose, read from the store on every conditional
/// request: expiry and revocation take effect at once, on every gateway, with nothing cached to go stale.
/// </summary>
internal sealed class GrantLookup(IDbContextFactory<CatalogDbContext> contexts, TimeProvider time)
{
    public async Task<Grant?> InForceAsync(string consumer, string dataset, string purpose, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Grants.AsNoTracking()
            .Where(g => g.ConsumerId == consumer && g.DatasetId == dataset && g.Purpose == purpose && !g.Revoked && g.Until > now)
            .OrderByDescending(g => g.Until)
            .FirstOrDefaultAsync(cancellationToken);
    }
}
