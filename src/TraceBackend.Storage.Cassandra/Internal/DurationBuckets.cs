namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// The hour buckets of <c>duration_index</c>: a span's bucket is its start time rounded to the nearest hour, halfway
/// values up (Go's <c>Time.Round(time.Hour)</c>), so bucket <c>h</c> holds starts in [h − 30 min, h + 30 min).
/// </summary>
internal static class DurationBuckets
{
    public const long HourMicros = 3_600_000_000L;
    public const long HalfHourMicros = HourMicros / 2;

    /// <summary>The bucket of a start time, in µs since the epoch.</summary>
    public static long RoundToHour(long micros) => Math.DivRem(micros + HalfHourMicros, HourMicros) switch
    {
        var (q, r) when r < 0 => (q - 1) * HourMicros,
        var (q, _) => q * HourMicros,
    };

    /// <summary>The <c>bucket</c> column value (a CQL timestamp) of a start time.</summary>
    public static DateTimeOffset BucketOf(long startMicros) => FromMicros(RoundToHour(startMicros));

    /// <summary>The earliest start time (µs) bucket <paramref name="bucketMicros"/> holds.</summary>
    public static long FirstStartOf(long bucketMicros) => bucketMicros - HalfHourMicros;

    public static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    public static long ToMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
