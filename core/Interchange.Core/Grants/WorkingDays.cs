namespace Interchange.Core.Grants;

/// <summary>
/// Reply deadlines in working days (工作日), counted in China Standard Time: the day of the
/// application does not count, Saturdays and Sundays are skipped, and the deadline is the end of
/// the last working day. Public holidays and their make-up working days are not modelled yet.
/// </summary>
public static class WorkingDays
{
    public static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    public static DateTimeOffset DeadlineAfter(DateTimeOffset start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingDays, 1);
        var day = DateOnly.FromDateTime(start.ToOffset(ChinaStandardTime).DateTime);
        var counted = 0;
        while (counted < workingDays)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                counted++;
            }
        }

        // The end of that day is the start of the next, in China Standard Time.
        return new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaStandardTime);
    }
}
