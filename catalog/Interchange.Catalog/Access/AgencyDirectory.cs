using Interchange.Core.Agencies;
using Interchange.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Interchange.Catalog.Access;

/// <summary>Agencies by id, loaded once per GraphQL request however many objects name them.</summary>
public sealed class AgencyDirectory(CatalogDbContext db)
{
    private Dictionary<string, Agency>? _agencies;

    public async Task<Agency?> FindAsync(string id, CancellationToken cancellationToken)
    {
        _agencies ??= await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, StringComparer.Ordinal, cancellationToken);
        return _agencies.GetValueOrDefault(id);
    }
}
