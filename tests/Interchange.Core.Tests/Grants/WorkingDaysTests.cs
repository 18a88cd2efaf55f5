using Interchange.Core.Grants;

namespace Interchange.Core.Tests.Grants;

/// <summary>
/// Reply deadlines: counted in working days in China Standard Time, not counting the day of application,
/// skipping weekends, ending at 00:00 CST after the last working day.
/// </summary>
public sealed class WorkingDaysTests
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    /// <summary>10:00 CST on the given day.</summary>
    private static DateTimeOffset AppliedOn(int year, int month, int day) => new(year, month, day, 10, 0, 0, Cst);

    /// <summary>The end of the given CST day, i.e. 00:00 CST of the next.</summary>
    private static DateTimeOffset EndOf(int year, int month, int day) => new DateTimeOffset(year, month, day, 0, 0, 0, Cst).AddDays(1);

    [Theory]
    // Wednesday 2026-11-25: Thursday 26th is the first working day.
    [InlineData(2026, 11, 25, 1, 2026, 11, 26)]
    // Five days from Wednesday: Thu, Fri, Mon, Tue, Wed.
    [InlineData(2026, 11, 25, 5, 2026, 12, 2)]
    // Monday 2026-11-23.
    [InlineData(2026, 11, 23, 1, 2026, 11, 24)]
    [InlineData(2026, 11, 23, 5, 2026, 11, 30)]
    // Friday 2026-11-27: the weekend is skipped.
    [InlineData(2026, 11, 27, 1, 2026, 11, 30)]
    [InlineData(2026, 11, 27, 5, 2026, 12, 4)]
    // Saturday 2026-11-28 and Sunday 2026-11-29: counting starts on Monday.
    [InlineData(2026, 11, 28, 1, 2026, 11, 30)]
    [InlineData(2026, 11, 28, 5, 2026, 12, 4)]
    [InlineData(2026, 11, 29, 1, 2026, 11, 30)]
    [InlineData(2026, 11, 29, 5, 2026, 12, 4)]
    public void DeadlineAfter_ApplicationOnAGivenWeekday_EndsAtTheEndOfTheNthWorkingDay(
        int year, int month, int day, int workingDays, int endYear, int endMonth, int endDay)
    {
        var deadline = WorkingDays.DeadlineAfter(AppliedOn(year, month, day), workingDays);

        Assert.Equal(EndOf(endYear, endMonth, endDay), deadline);
    }

    [Fact]
    public void DeadlineAfter_AcrossAMonthEnd_ContinuesIntoTheNextMonth()
    {
        // Thursday 2026-04-30: Fri 1 May, Mon 4, Tue 5, Wed 6, Thu 7 (holidays are not modelled).
        var deadline = WorkingDays.DeadlineAfter(AppliedOn(2026, 4, 30), 5);

        Assert.Equal(EndOf(2026, 5, 7), deadline);
    }

    [Fact]
    public void DeadlineAfter_AcrossAYearEnd_ContinuesIntoTheNextYear()
    {
        // Wednesday 2026-12-30: Thu 31, Fri 1 Jan, Mon 4, Tue 5, Wed 6.
        var deadline = WorkingDays.DeadlineAfter(AppliedOn(2026, 12, 30), 5);

        Assert.Equal(EndOf(2027, 1, 6), deadline);
    }

    [Fact]
    public void DeadlineAfter_OneDayOnNewYearsEve_IsTheFirstWorkingDayOfTheNewYear()
    {
        // Thursday 2026-12-31: Friday 1 January 2027.
        var deadline = WorkingDays.DeadlineAfter(AppliedOn(2026, 12, 31), 1);

        Assert.Equal(EndOf(2027, 1, 1), deadline);
    }

    [Fact]
    public void DeadlineAfter_UtcTimeThatIsAlreadyTheNextDayInChina_CountsFromTheChineseDay()
    {
        // 17:00 UTC on Thursday 2026-11-26 is 01:00 CST on Friday 27th: the application day is Friday,
        // so one working day ends with Monday, not with Friday.
        var start = new DateTimeOffset(2026, 11, 26, 17, 0, 0, TimeSpan.Zero);

        var deadline = WorkingDays.DeadlineAfter(start, 1);

        Assert.Equal(EndOf(2026, 11, 30), deadline);
    }

    [Fact]
    public void DeadlineAfter_UtcTimeStillTheSameDayInChina_CountsFromThatDay()
    {
        // 15:59 UTC on Thursday 2026-11-26 is 23:59 CST the same Thursday.
        var start = new DateTimeOffset(2026, 11, 26, 15, 59, 0, TimeSpan.Zero);

        var deadline = WorkingDays.DeadlineAfter(start, 1);

        Assert.Equal(EndOf(2026, 11, 27), deadline);
    }

    [Fact]
    public void DeadlineAfter_StartInAnotherOffset_GivesTheSameInstantAsInUtc()
    {
        var utc = new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);
        var newYork = utc.ToOffset(TimeSpan.FromHours(-5));

        Assert.Equal(WorkingDays.DeadlineAfter(utc, 5), WorkingDays.DeadlineAfter(newYork, 5));
    }

    [Fact]
    public void DeadlineAfter_Always_IsMidnightInChinaStandardTime()
    {
        var deadline = WorkingDays.DeadlineAfter(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero), 5);

        var inChina = deadline.ToOffset(Cst);
        Assert.Equal(TimeOnly.MinValue, TimeOnly.FromDateTime(inChina.DateTime));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 16, 0, 0, TimeSpan.Zero), deadline.ToUniversalTime());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void DeadlineAfter_FewerThanOneDay_Throws(int workingDays)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkingDays.DeadlineAfter(AppliedOn(2026, 11, 25), workingDays));
    }
}
