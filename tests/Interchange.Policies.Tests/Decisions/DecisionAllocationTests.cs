using Interchange.Core.Grants;
using Interchange.Policies.Decisions;

namespace Interchange.Policies.Tests.Decisions;

/// <summary>Deciding runs on every data-plane request, so a cached allow must not allocate.</summary>
public sealed class DecisionAllocationTests
{
    [Fact]
    public void Decide_CachedUnconditionalAllow_DoesNotAllocate()
    {
        var request = new DecisionRequest("sz-civil-affairs", "440300", "business-licenses", "business-verification", null, null, DemoLists.Now);

        var allocated = AllocatedBy(request);

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Decide_CachedConditionalAllow_DoesNotAllocate()
    {
        var grant = new Grant("grant-1", "household-registration", "sz-civil-affairs", "subsistence-allowance-review", ["id_number", "name"], DemoLists.Now.AddDays(1), false);
        var request = new DecisionRequest("sz-civil-affairs", "440300", "household-registration", "subsistence-allowance-review", "case-1", grant, DemoLists.Now);

        var allocated = AllocatedBy(request);

        Assert.Equal(0, allocated);
    }

    private static long AllocatedBy(DecisionRequest request)
    {
        var policies = DemoLists.Policies;
        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(DecisionEngine.Decide(policies, request).Allowed);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var allowed = 0;
        for (var i = 0; i < 10_000; i++)
        {
            allowed += DecisionEngine.Decide(policies, request).Allowed ? 1 : 0;
        }

        var after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(10_000, allowed);
        return after - before;
    }
}
