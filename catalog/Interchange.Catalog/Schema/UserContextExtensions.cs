using GraphQL;
using Interchange.Catalog.Endpoint;

namespace Interchange.Catalog.Schema;

public static class UserContextExtensions
{
    public static CatalogUserContext Request(this IResolveFieldContext context) => (CatalogUserContext)context.UserContext;
}
