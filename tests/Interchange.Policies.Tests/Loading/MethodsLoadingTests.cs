using System.Text.Json;
using Interchange.Policies.Loading;
using Interchange.Policies.Model;

namespace Interchange.Policies.Tests.Loading;

/// <summary>An entry's optional <c>methods</c>: known HTTP methods only, reported at their line like every other list problem.</summary>
public sealed class MethodsLoadingTests
{
    private static string Entry(string methods) => DemoLists.List($$"""
          - dataset: permits
            classification: general
            sharing: unconditional
            consumers: any
            purposes: { permit-check: "Check permits" }
            fields: { permit_no: { type: string, rule: allow } }
            methods: {{methods}}
        """);

    [Fact]
    public void Load_UnknownMethod_IsRefusedWithFileAndLine()
    {
        var result = DemoLists.LoadOne(Entry("[GET, FETCH]"));

        Assert.False(result.Succeeded);
        Assert.Null(result.PolicySet);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("test-department.yaml", problem.File);
        Assert.Equal(11, problem.Line);
        Assert.Equal(20, problem.Column);
        Assert.Contains("'FETCH' is not a method a source may receive", problem.Reason, StringComparison.Ordinal);
        Assert.Contains("GET, HEAD, POST, PUT, PATCH, DELETE", problem.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[get]", "'get' is not a method")]
    [InlineData("[TRACE]", "'TRACE' is not a method")]
    [InlineData("[CONNECT]", "'CONNECT' is not a method")]
    [InlineData("[GET, GET]", "'GET' is listed twice")]
    [InlineData("[]", "'methods' must not be empty")]
    [InlineData("POST", "'methods' must be a list")]
    public void Load_BadMethods_AreProblemsAtTheirLine(string methods, string reason)
    {
        var result = DemoLists.LoadOne(Entry(methods));

        Assert.Null(result.PolicySet);
        Assert.Contains(result.Problems, p => p.Line == 11 && p.Reason.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MethodsListed_BuildsTheEntryWithThemInOrder()
    {
        var result = DemoLists.LoadOne(Entry("[GET, POST]"));

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        var entry = Assert.Single(Assert.Single(result.PolicySet!.Lists).Entries);
        Assert.Equal(["GET", "POST"], entry.Methods);
        Assert.Equal("GET, POST", entry.Allow);
        Assert.True(entry.Permits("POST"));
        Assert.False(entry.Permits("HEAD"));
    }

    [Fact]
    public void Load_EntryWithoutMethods_TakesReadsOnly()
    {
        var entry = DemoLists.Policies.Lists.SelectMany(l => l.Entries).First();

        Assert.Equal(ListEntry.ReadMethods, entry.Methods);
        Assert.Equal("GET, HEAD", entry.Allow);
    }

    [Fact]
    public void Schema_Methods_MatchTheLoader()
    {
        var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(DemoLists.Directory, "responsibility-list.schema.json"))).RootElement;
        var methods = schema.GetProperty("$defs").GetProperty("entry").GetProperty("properties").GetProperty("methods").GetProperty("items").GetProperty("enum");

        Assert.Equal(ListKeys.Methods, methods.EnumerateArray().Select(m => m.GetString()!));
    }
}
