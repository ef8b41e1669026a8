namespace TraceBackend.Storage.Cassandra.Search;

/// <summary>
/// A query's start-time and duration ranges in the µs of the rows. Stored spans have whole-µs times, so a span
/// start <c>s</c> µs is in the query's inclusive ns range exactly when <see cref="StartAfter"/> &lt; s &lt;
/// <see cref="StartBefore"/> (the exclusive bounds of the index queries), and a duration <c>d</c> µs exactly when
/// <see cref="MinDuration"/> ≤ d ≤ <see cref="MaxDuration"/>.
/// </summary>
internal readonly record struct SearchWindow(long StartAfter, long StartBefore, long MinDuration, long MaxDuration)
{
    public static SearchWindow For(SpanMatcher matcher, TraceQuery query)
    {
        var minStart = CeilMicros(matcher.StartMinNanos);
        var maxStart = (long)Math.Min(matcher.StartMaxNanos / 1000, long.MaxValue - 1);
        var minDuration = query.DurationMin is { } min ? CeilMicros(UnixTime.ToNanos(min)) : 0;
        var maxDuration = query.DurationMax is { } max ? (long)Math.Min(UnixTime.ToNanos(max) / 1000, long.MaxValue) : long.MaxValue;
        return new SearchWindow(minStart - 1, maxStart + 1, minDuration, maxDuration);
    }

    /// <summary>True when no start time or no duration can match.</summary>
    public bool IsEmpty => StartBefore - StartAfter < 2 || MinDuration > MaxDuration;

    public bool Contains(long start) => start > StartAfter && start < StartBefore;

    private static long CeilMicros(ulong nanos) => (long)Math.Min((nanos / 1000) + (nanos % 1000 == 0 ? 0UL : 1UL), long.MaxValue - 1);
}
