using GraphQL.Types;
using Interchange.Core.Agencies;

namespace Interchange.Catalog.Schema;

public sealed class AgencyGraphType : ObjectGraphType<Agency>
{
    public AgencyGraphType()
    {
        Name = "Agency";
        Description = "A department or agency taking part in the interchange.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("region").Description("GB/T 2260 region code.").Resolve(c => c.Source.Region);
    }
}
