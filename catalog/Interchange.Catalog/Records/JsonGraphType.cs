using System.Text.Json;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Interchange.Catalog.Records;

/// <summary>Departmental data exactly as the gateway released it (output only).</summary>
public sealed class JsonGraphType : ScalarGraphType
{
    public JsonGraphType()
    {
        Name = "JSON";
        Description = "A JSON value: departmental data as the gateway released it, masked as the list says.";
    }

    public override object? Serialize(object? value) => value is JsonElement element ? element : null;

    public override object? ParseLiteral(GraphQLValue value) => throw new InvalidOperationException("JSON is an output type.");

    public override object? ParseValue(object? value) => throw new InvalidOperationException("JSON is an output type.");
}
