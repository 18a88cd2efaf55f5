using System.Text.Json;
using Interchange.Testing;

namespace Interchange.Catalog.Tests;

/// <summary>Checks shared by the catalogue's tests: error shape, and nothing internal in any answer.</summary>
internal static class GraphQLAssert
{
    public const string ContentType = "application/graphql-response+json";

    private static readonly string[] Internals =
        ["Exception", "   at ", "at Interchange.", "at GraphQL.", "System.", "StackTrace", "stackTrace", "SELECT ", "FROM \"", "SQLite", "Microsoft."];

    /// <summary>The single error of a refused operation: its code, no data, nothing internal.</summary>
    public static JsonElement Refused(GraphQLResponse response, string code)
    {
        Assert.True(response.HasErrors, "expected errors: " + response.Body);
        Assert.Equal(code, response.FirstErrorCode);
        NoInternals(response);
        var error = response.Json.GetProperty("errors")[0];
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return error;
    }

    /// <summary>No stack trace, exception or type name, and no SQL in the body.</summary>
    public static void NoInternals(GraphQLResponse response)
    {
        foreach (var text in Internals)
        {
            Assert.DoesNotContain(text, response.Body, StringComparison.Ordinal);
        }
    }

    /// <summary>A successful execution: 200, the GraphQL response media type, no errors.</summary>
    public static JsonElement Ok(GraphQLResponse response)
    {
        Assert.True(response.Status == System.Net.HttpStatusCode.OK && !response.HasErrors, $"{(int)response.Status} {response.Body}");
        Assert.Equal(ContentType, response.ContentType);
        return response.Data;
    }

    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    public static string[] Ids(JsonElement connection) => [.. connection.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!)];
}
