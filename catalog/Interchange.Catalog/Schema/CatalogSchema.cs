namespace Interchange.Catalog.Schema;

public sealed class CatalogSchema : GraphQL.Types.Schema
{
    public CatalogSchema(IServiceProvider services, QueryGraphType query, MutationGraphType mutation) : base(services)
    {
        Query = query;
        Mutation = mutation;
    }
}
