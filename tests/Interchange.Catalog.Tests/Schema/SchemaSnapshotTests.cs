using System.Text;
using GraphQL;
using GraphQL.Utilities;
using Interchange.Catalog.Schema;
using Interchange.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Interchange.Catalog.Tests.Schema;

/// <summary>
/// The printed schema is checked in (<c>catalog/Interchange.Catalog/Schema/schema.graphql</c>), so a change to the
/// public GraphQL contract shows up in review as a diff of that file.
/// </summary>
public sealed class SchemaSnapshotTests : IDisposable
{
    /// <summary>Set to 1 to rewrite the checked-in schema from the code (then review the diff and commit it).</summary>
    public const string UpdateVariable = "INTERCHANGE_UPDATE_SCHEMA";

    private readonly string _directory = Directory.CreateTempSubdirectory("interchange-schema-").FullName;

    private static string SnapshotPath => Path.Combine(Repository.Root, "catalog", "Interchange.Catalog", "Schema", "schema.graphql");

    [Fact]
    public async Task Schema_Printed_MatchesTheCheckedInSchema()
    {
        var printed = Normalise(await PrintSchemaAsync());
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(SnapshotPath, printed);
        }

        var expected = File.Exists(SnapshotPath) ? Normalise(await File.ReadAllTextAsync(SnapshotPath)) : "";

        Assert.True(expected == printed, Explain(expected, printed));
    }

    [Theory]
    [InlineData("datasets", "DatasetConnection!", new[] { "after", "filter", "first" })]
    [InlineData("dataset", "Dataset", new[] { "id" })]
    [InlineData("auditEvents", "AuditEventConnection!", new[] { "after", "filter", "first" })]
    public async Task Schema_Query_HasTheContractOperations(string field, string type, string[] arguments)
    {
        var printed = await PrintSchemaAsync();

        var query = printed[printed.IndexOf("type Query {", StringComparison.Ordinal)..];
        var line = query.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(field + "(", StringComparison.Ordinal));
        Assert.EndsWith("): " + type, line, StringComparison.Ordinal);
        Assert.All(arguments, a => Assert.Contains(a + ": ", line, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>The schema as the catalogue service wires it, printed with descriptions.</summary>
    private async Task<string> PrintSchemaAsync()
    {
        await using var app = await CatalogApplication.BuildAsync(["--urls=http://127.0.0.1:0", "--environment=Development"], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Catalog:DatabasePath"] = Path.Combine(_directory, "catalog.db"),
                ["Catalog:AuditDatabasePath"] = Path.Combine(_directory, "audit.db"),
                ["Catalog:SubjectKeyPath"] = Path.Combine(_directory, "subject.key"),
                ["Catalog:ListsDirectory"] = Repository.ListsDirectory,
                ["Catalog:GatewayUrl"] = "http://127.0.0.1:8080/",
                ["Interchange:Tokens:Issuer"] = "http://localhost:8080/",
                ["Interchange:Tokens:JwksUrl"] = "http://localhost:8080/.well-known/jwks",
            }));
        var schema = app.Services.GetRequiredService<CatalogSchema>();
        schema.Initialize();
        // schema.Print() is GraphQL.NET 8's replacement of the obsolete SchemaPrinter; types are sorted by name.
        return schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true, StringComparison = StringComparison.Ordinal });
    }

    private static string Normalise(string schema) => schema.ReplaceLineEndings("\n").TrimEnd() + "\n";

    /// <summary>A line diff of the two schemas and how to accept the new one.</summary>
    private static string Explain(string expected, string actual)
    {
        var message = new StringBuilder()
            .AppendLine(File.Exists(SnapshotPath)
                ? $"The GraphQL schema differs from the checked-in {SnapshotPath}."
                : $"There is no checked-in schema at {SnapshotPath}.")
            .AppendLine($"If the change is intended, run `{UpdateVariable}=1 dotnet test tests/Interchange.Catalog.Tests --filter Schema_Printed_MatchesTheCheckedInSchema`,")
            .AppendLine("review the diff of schema.graphql and commit it. Removing or renaming contract fields breaks agencies (docs/contract.md).")
            .AppendLine("--- checked in")
            .AppendLine("+++ printed from the code");
        foreach (var line in Diff(expected.Split('\n'), actual.Split('\n')))
        {
            message.AppendLine(line);
        }

        return message.ToString();
    }

    /// <summary>Changed lines (<c>-</c> checked in, <c>+</c> printed) with their line numbers, from a longest common subsequence.</summary>
    private static IEnumerable<string> Diff(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                yield return $"-{x + 1,5}: {a[x]}";
                x++;
            }
            else
            {
                yield return $"+{y + 1,5}: {b[y]}";
                y++;
            }
        }
    }
}
