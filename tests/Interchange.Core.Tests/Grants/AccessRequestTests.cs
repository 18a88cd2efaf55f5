using Interchange.Core.Grants;

namespace Interchange.Core.Tests.Grants;

public sealed class AccessRequestTests
{
    private static readonly DateTimeOffset Deadline = new(2026, 12, 2, 16, 0, 0, TimeSpan.Zero);

    private static AccessRequest Request(AccessRequestState state) => new()
    {
        Id = "ar_1",
        DatasetId = "household-registration",
        RequesterId = "sz-civil-affairs",
        ProviderId = "sz-public-security",
        Purpose = "subsistence-allowance-review",
        Fields = ["name"],
        Justification = "Allowance review",
        Deadline = Deadline,
        State = state,
    };

    [Fact]
    public void IsOverdue_PendingBeforeTheDeadline_IsFalse()
    {
        Assert.False(Request(AccessRequestState.Pending).IsOverdue(Deadline.AddTicks(-1)));
    }

    [Fact]
    public void IsOverdue_PendingAtTheDeadlineItself_IsFalse()
    {
        Assert.False(Request(AccessRequestState.Pending).IsOverdue(Deadline));
    }

    [Fact]
    public void IsOverdue_PendingAfterTheDeadline_IsTrue()
    {
        Assert.True(Request(AccessRequestState.Pending).IsOverdue(Deadline.AddTicks(1)));
    }

    [Theory]
    [InlineData(AccessRequestState.Approved)]
    [InlineData(AccessRequestState.Refused)]
    public void IsOverdue_DecidedRequestAfterTheDeadline_IsFalse(AccessRequestState state)
    {
        Assert.False(Request(state).IsOverdue(Deadline.AddDays(30)));
    }
}
