namespace Interchange.Catalog.Schema;

public sealed class CatalogSchema : GraphQL.Types.Schema
{
    public CatalogSchema(IServiceProvider services, QueryGraphType query) : base(services)
    {
        Query = query;
    }
}
