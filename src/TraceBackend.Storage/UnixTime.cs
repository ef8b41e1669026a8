namespace TraceBackend.Storage;

/// <summary>Conversions between <see cref="DateTimeOffset"/> and Unix nanoseconds (clamped to the ulong range, so
/// <see cref="DateTimeOffset.MaxValue"/> and <see cref="TimeSpan.MaxValue"/> mean "no limit").</summary>
public static class UnixTime
{
    public static ulong ToNanos(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return TicksToNanos(ticks);
    }

    public static DateTimeOffset FromNanos(ulong nanos) => DateTimeOffset.UnixEpoch.AddTicks((long)(nanos / 100));

    public static ulong ToNanos(TimeSpan duration) => TicksToNanos(duration.Ticks);

    /// <summary>Ticks (100 ns) to nanoseconds: negative → 0, beyond the ulong range → <see cref="ulong.MaxValue"/>.</summary>
    private static ulong TicksToNanos(long ticks) => ticks <= 0
        ? 0
        : (ulong)ticks >= ulong.MaxValue / 100 ? ulong.MaxValue : (ulong)ticks * 100;
}
