using Google.Protobuf.WellKnownTypes;

namespace TraceBackend.Query.Grpc;

/// <summary>
/// Conversions between protobuf Timestamp/Duration and .NET/Unix-nanosecond times. Go peers always send
/// non-nullable Timestamps, so Go's zero <c>time.Time</c> (seconds −62135596800, 0001-01-01) means "absent" just like
/// a missing field; the Unix epoch is a real instant.
/// </summary>
internal static class ProtoTimes
{
    /// <summary>Seconds of Go's zero <c>time.Time</c> (0001-01-01T00:00:00Z) relative to the Unix epoch.</summary>
    public const long GoZeroTimeSeconds = -62135596800;

    private const long NanosPerSecond = 1_000_000_000;

    public static bool IsAbsent(Timestamp? timestamp) =>
        timestamp is null || (timestamp.Seconds == GoZeroTimeSeconds && timestamp.Nanos == 0);

    /// <summary>
    /// The instant, or null when absent. Throws <see cref="QueryParameterException"/> naming <paramref name="field"/>
    /// for a timestamp outside protobuf's valid range (years 1–9999, nanos 0–999,999,999).
    /// </summary>
    public static DateTimeOffset? ToDateTimeOffset(Timestamp? timestamp, string field)
    {
        if (IsAbsent(timestamp))
        {
            return null;
        }

        try
        {
            return timestamp!.ToDateTimeOffset();
        }
        catch (InvalidOperationException ex)
        {
            throw new QueryParameterException($"invalid {field}: {ex.Message}");
        }
    }

    /// <summary>The duration, or null when absent or zero. Throws <see cref="QueryParameterException"/> when invalid or negative.</summary>
    public static TimeSpan? ToTimeSpan(Duration? duration, string field)
    {
        if (duration is null || (duration.Seconds == 0 && duration.Nanos == 0))
        {
            return null;
        }

        TimeSpan value;
        try
        {
            value = duration.ToTimeSpan();
        }
        catch (InvalidOperationException ex)
        {
            throw new QueryParameterException($"invalid {field}: {ex.Message}");
        }

        return value < TimeSpan.Zero ? throw new QueryParameterException($"invalid {field}: negative duration {value}") : value;
    }

    public static Timestamp TimestampFromUnixNanos(ulong nanos) => new()
    {
        Seconds = (long)(nanos / NanosPerSecond),
        Nanos = (int)(nanos % NanosPerSecond),
    };

    public static Duration DurationFromNanos(ulong nanos) => new()
    {
        Seconds = (long)(nanos / NanosPerSecond),
        Nanos = (int)(nanos % NanosPerSecond),
    };
}
