using GraphQL.Types;

namespace Interchange.Catalog.Schema;

public sealed class DatasetFilterInputType : InputObjectGraphType
{
    public DatasetFilterInputType()
    {
        Name = "DatasetFilter";
        Field<StringGraphType>("text").Description("Words in the id, title or description.");
        Field<StringGraphType>("region").Description("GB/T 2260 code; a province or city includes the regions within it.");
        Field<IdGraphType>("provider");
        Field<SharingTypeGraphType>("sharingType");
        Field<ClassificationGraphType>("classification");
    }
}
