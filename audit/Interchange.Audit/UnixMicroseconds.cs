namespace Interchange.Audit;

/// <summary>Time is stored as unix microseconds so range queries compare integers.</summary>
internal static class UnixMicroseconds
{
    public static long From(DateTimeOffset time) =>
        (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset ToTime(long microseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);
}
