using GraphQL.Types;

namespace Interchange.Catalog.Schema;

public sealed class RegisterDatasetInputGraphType : InputObjectGraphType
{
    public RegisterDatasetInputGraphType()
    {
        Name = "RegisterDatasetInput";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Resource code: 2–64 lower-case letters, digits and hyphens.");
        Field<NonNullGraphType<StringGraphType>>("title");
        Field<StringGraphType>("description");
        Field<NonNullGraphType<StringGraphType>>("region").Description("GB/T 2260 code within the provider's own region.");
        Field<NonNullGraphType<StringGraphType>>("sourceUrl").Description("The departmental source's base URL (http or https; not loopback, link-local or metadata addresses).");
        Field<StringGraphType>("updateFrequency");
    }
}
