namespace TraceBackend.Query;

/// <summary>Unix epoch integers to <see cref="DateTimeOffset"/>, clamped to the representable range.</summary>
internal static class UnixTimes
{
    private static readonly long s_maxTicksSinceEpoch = DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
    private static readonly long s_minTicksSinceEpoch = DateTimeOffset.MinValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;

    public static DateTimeOffset FromMicros(long micros) => FromTicks(micros, 10);

    public static DateTimeOffset FromMillis(long millis) => FromTicks(millis, TimeSpan.TicksPerMillisecond);

    /// <summary>
    /// A trace-lookup hint in µs that may really be ms (Grafana sends ms): values below 10^14 are read as ms,
    /// since present-day µs values are ~1.7·10^15 and present-day ms values ~1.7·10^12.
    /// </summary>
    public static DateTimeOffset FromMicrosOrMillisHint(long value) =>
        value is > 0 and < 100_000_000_000_000 ? FromMillis(value) : FromMicros(value);

    public static TimeSpan MillisToTimeSpan(long millis) =>
        millis >= TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMillisecond ? TimeSpan.MaxValue
        : millis <= TimeSpan.MinValue.Ticks / TimeSpan.TicksPerMillisecond ? TimeSpan.MinValue
        : TimeSpan.FromTicks(millis * TimeSpan.TicksPerMillisecond);

    private static DateTimeOffset FromTicks(long value, long ticksPerUnit)
    {
        if (value > s_maxTicksSinceEpoch / ticksPerUnit)
        {
            return DateTimeOffset.MaxValue;
        }

        if (value < s_minTicksSinceEpoch / ticksPerUnit)
        {
            return DateTimeOffset.MinValue;
        }

        return DateTimeOffset.UnixEpoch.AddTicks(value * ticksPerUnit);
    }
}
