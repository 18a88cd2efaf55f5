using GraphQL;
using Interchange.Catalog.Access;
using Interchange.Catalog.Datasets;
using Interchange.Core.Agencies;
using Interchange.Core.Storage;
using Interchange.Policies;
using Microsoft.Extensions.DependencyInjection;

namespace Interchange.Catalog.Schema;

/// <summary>The lookups object types share: a dataset or an agency by id, within the request's services.</summary>
internal static class Lookups
{
    public static async Task<DatasetView?> DatasetAsync(IResolveFieldContext context, string id) => await DatasetQueries.FindAsync(
        context.RequestServices!.GetRequiredService<CatalogDbContext>(),
        context.RequestServices!.GetRequiredService<PolicyStore>().Current,
        id,
        context.CancellationToken);

    public static async Task<Agency?> AgencyAsync(IResolveFieldContext context, string id) =>
        await context.RequestServices!.GetRequiredService<AgencyDirectory>().FindAsync(id, context.CancellationToken);
}
