using Interchange.Policies.Loading;

namespace Interchange.Policies.Tests;

/// <summary>The shipped demo lists (copied into <c>lists/</c> of the output directory), loaded once.</summary>
internal static class DemoLists
{
    public static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "lists");

    /// <summary>After every demo entry took effect (2026-11-01, China Standard Time).</summary>
    public static readonly DateTimeOffset Now = new(2027, 3, 1, 10, 0, 0, TimeSpan.FromHours(8));

    private static readonly Lazy<PolicySet> Loaded = new(() =>
    {
        var result = ResponsibilityListLoader.LoadDirectory(Directory);
        return result.PolicySet ?? throw new InvalidOperationException(string.Join(Environment.NewLine, result.Problems));
    });

    public static PolicySet Policies => Loaded.Value;

    /// <summary>Loads one list file given as text, under the name a department's file would have.</summary>
    public static PolicyLoadResult LoadOne(string yaml, string file = "test-department.yaml") => ResponsibilityListLoader.Load([(file, yaml)]);

    /// <summary>A list of the test department with <paramref name="entries"/> (YAML, indented as list items) spliced in.</summary>
    /// <remarks>The header takes four lines, so the first entry starts on line 5.</remarks>
    public static string List(string entries) => $$"""
        department: { id: test-department, name: Test Department, region: "440300" }
        version: 2026-11-01.1
        effective_from: 2026-11-01
        entries:
        {{entries}}
        """;
}
