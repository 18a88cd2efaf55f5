using GraphQL.Types;
using Interchange.Policies.Model;

namespace Interchange.Catalog.Schema;

public sealed class DatasetFieldGraphType : ObjectGraphType<FieldDefinition>
{
    public DatasetFieldGraphType()
    {
        Name = "DatasetField";
        Description = "A field (信息项) of a dataset's records, as its responsibility list declares it.";
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("type").Resolve(c => c.Source.Type);
        Field<NonNullGraphType<BooleanGraphType>>("personal").Description("Whether the field holds personal information.").Resolve(c => c.Source.Personal);
    }
}
