namespace TraceBackend.Storage;

/// <summary>Conversions between <see cref="DateTimeOffset"/> and Unix nanoseconds (clamped at 0).</summary>
public static class UnixTime
{
    public static ulong ToNanos(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return ticks <= 0 ? 0 : (ulong)ticks * 100;
    }

    public static DateTimeOffset FromNanos(ulong nanos) => DateTimeOffset.UnixEpoch.AddTicks((long)(nanos / 100));

    public static ulong ToNanos(TimeSpan duration) => duration.Ticks <= 0 ? 0 : (ulong)duration.Ticks * 100;
}
