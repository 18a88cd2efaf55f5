using System.Text.Json;
using Interchange.Policies.Loading;

namespace Interchange.Policies.Tests.Loading;

/// <summary>The JSON schema shipped beside the lists must state the keys the loader accepts, no more and no fewer.</summary>
public sealed class SchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(DemoLists.Directory, "responsibility-list.schema.json"))).RootElement;

    [Fact]
    public void Schema_IsDraft202012()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", Schema.GetProperty("$schema").GetString());
    }

    [Theory]
    [InlineData("", nameof(ListKeys.Root))]
    [InlineData("department", nameof(ListKeys.Department))]
    [InlineData("entry", nameof(ListKeys.Entry))]
    [InlineData("rule", nameof(ListKeys.Rule))]
    [InlineData("field", nameof(ListKeys.Field))]
    [InlineData("limits", nameof(ListKeys.Limits))]
    public void Schema_Properties_MatchTheKeysTheLoaderAccepts(string definition, string keys)
    {
        var node = definition.Length == 0 ? Schema : Schema.GetProperty("$defs").GetProperty(definition);
        var expected = (string[])typeof(ListKeys).GetField(keys)!.GetValue(null)!;

        Assert.Equal(expected.Order(StringComparer.Ordinal), node.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.False(node.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void Schema_FieldTypes_MatchTheLoader()
    {
        var types = Schema.GetProperty("$defs").GetProperty("field").GetProperty("properties").GetProperty("type").GetProperty("enum");

        Assert.Equal(ListKeys.FieldTypes, types.EnumerateArray().Select(t => t.GetString()!));
    }
}
