namespace TraceBackend.LoadGen.Sending;

/// <summary>
/// Retry schedule: at most <see cref="MaxRetries"/> re-sends after the first attempt. The wait before
/// retry n (1-based) is the server's hint when given, else <see cref="InitialBackoff"/>·2^(n-1) scaled by a
/// jitter factor in [0.5, 1]; either way capped at <see cref="MaxBackoff"/>.
/// </summary>
public sealed record RetryPolicy
{
    public int MaxRetries { get; init; } = 5;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <param name="retryNumber">1 for the first retry.</param>
    /// <param name="serverHint">Retry-After / pushback from the server, if any.</param>
    /// <param name="jitterUnit">A value in [0, 1); mapped to a factor in [0.5, 1].</param>
    public TimeSpan DelayBeforeRetry(int retryNumber, TimeSpan? serverHint, double jitterUnit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryNumber, 1);
        if (serverHint is { } hint)
        {
            return hint < TimeSpan.Zero ? TimeSpan.Zero : hint > MaxBackoff ? MaxBackoff : hint;
        }

        var exponent = Math.Min(retryNumber - 1, 30);
        var backoff = InitialBackoff.TotalMilliseconds * (1L << exponent) * (0.5 + jitterUnit / 2);
        return TimeSpan.FromMilliseconds(Math.Min(backoff, MaxBackoff.TotalMilliseconds));
    }
}
