using BenchmarkDotNet.Attributes;
using Interchange.Core.Grants;
using Interchange.Policies;
using Interchange.Policies.Decisions;

namespace Interchange.Benchmarks;

/// <summary>The policy decision on the hot path (target: ≤ 2 µs, no allocation on the allow path).</summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private PolicySet _policies = null!;
    private DecisionRequest _unconditional;
    private DecisionRequest _conditional;
    private DecisionRequest _refused;

    [GlobalSetup]
    public void Setup()
    {
        _policies = DemoPolicies.Load();
        var grant = new Grant("g-1", "household-registration", "sz-civil-affairs", "subsistence-allowance-review",
            ["id_number", "name", "address"], DemoPolicies.Now.AddDays(30), Revoked: false);
        _unconditional = new DecisionRequest("sz-civil-affairs", "440300", "business-licenses", "business-verification", null, null, DemoPolicies.Now);
        _conditional = new DecisionRequest("sz-civil-affairs", "440300", "household-registration", "subsistence-allowance-review", "MZ-1", grant, DemoPolicies.Now);
        _refused = new DecisionRequest("sz-civil-affairs", "440300", "criminal-records", "subsistence-allowance-review", "MZ-1", null, DemoPolicies.Now);
    }

    [Benchmark(Baseline = true)]
    public bool UnconditionalAllow() => DecisionEngine.Decide(_policies, _unconditional).Allowed;

    [Benchmark]
    public bool ConditionalAllowWithGrant() => DecisionEngine.Decide(_policies, _conditional).Allowed;

    [Benchmark]
    public bool NotSharedRefusal() => DecisionEngine.Decide(_policies, _refused).Allowed;
}
