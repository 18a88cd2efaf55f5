using Interchange.Policies;
using Interchange.Policies.Loading;

namespace Interchange.Benchmarks;

internal static class DemoPolicies
{
    public static readonly DateTimeOffset Now = new(2027, 3, 1, 10, 0, 0, TimeSpan.FromHours(8));

    public static PolicySet Load()
    {
        var result = ResponsibilityListLoader.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "lists"));
        return result.PolicySet ?? throw new InvalidOperationException(string.Join(Environment.NewLine, result.Problems));
    }
}
