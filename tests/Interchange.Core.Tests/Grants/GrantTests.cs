using Interchange.Core.Grants;

namespace Interchange.Core.Tests.Grants;

public sealed class GrantTests
{
    private static readonly DateTimeOffset Until = new(2026, 12, 31, 16, 0, 0, TimeSpan.Zero);

    private static Grant Grant(bool revoked) =>
        new("gr_1", "household-registration", "sz-civil-affairs", "subsistence-allowance-review", ["name"], Until, revoked);

    [Fact]
    public void IsInForce_NotRevokedBeforeItsEnd_IsTrue()
    {
        Assert.True(Grant(revoked: false).IsInForce(Until.AddTicks(-1)));
    }

    [Fact]
    public void IsInForce_AtItsEnd_IsFalse()
    {
        Assert.False(Grant(revoked: false).IsInForce(Until));
    }

    [Fact]
    public void IsInForce_AfterItsEnd_IsFalse()
    {
        Assert.False(Grant(revoked: false).IsInForce(Until.AddDays(1)));
    }

    [Fact]
    public void IsInForce_RevokedBeforeItsEnd_IsFalse()
    {
        Assert.False(Grant(revoked: true).IsInForce(Until.AddDays(-10)));
    }
}
