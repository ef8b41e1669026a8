namespace TraceBackend.LoadGen.Generation;

/// <summary>Knobs of <see cref="HotRodTraceGenerator"/>; validated by its constructor.</summary>
public sealed record HotRodGeneratorOptions
{
    /// <summary>
    /// Expected fraction of spans with status ERROR, in [0, 1]. Applied per failure point (a client/server
    /// pair fails together, a redis call times out and is retried, a SQL query fails and aborts the
    /// dispatch), so the observed span ratio is close to, not exactly, this value.
    /// </summary>
    public double ErrorRatio { get; init; } = 0.05;

    /// <summary>Probability in [0, 1] that a trace is a batch-dispatch fan-out with at least <see cref="LargeTraceMinSpans"/> spans.</summary>
    public double LargeTraceRatio { get; init; } = 0.01;

    /// <summary>Minimum span count of a large trace; the actual size is uniform in [min, 2·min].</summary>
    public int LargeTraceMinSpans { get; init; } = 1000;

    /// <summary>
    /// Largest absolute clock skew of a host. Each service instance draws a fixed skew in
    /// [-max, +max] once; it is added to every timestamp that instance reports. Zero disables skew
    /// without changing any other generated value (the draws still happen).
    /// </summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMilliseconds(5);

    internal void Validate()
    {
        if (!(ErrorRatio >= 0 && ErrorRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ErrorRatio), ErrorRatio, "must be in [0, 1]");
        }

        if (!(LargeTraceRatio >= 0 && LargeTraceRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(LargeTraceRatio), LargeTraceRatio, "must be in [0, 1]");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(LargeTraceMinSpans, 50, nameof(LargeTraceMinSpans));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxClockSkew, TimeSpan.Zero, nameof(MaxClockSkew));
    }
}
