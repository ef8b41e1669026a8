namespace TraceBackend.Storage.Elasticsearch.Client;

/// <summary>
/// How often and how long requests the cluster refused (connection errors, 429, 502–504, rejected bulk items) are
/// retried: at most <see cref="MaxAttempts"/> attempts in all, waiting <see cref="Backoff"/> between them, and no new
/// attempt once <see cref="MaxElapsed"/> would be exceeded. The bound is what lets a write fail in bounded time while
/// the cluster is down, so callers (the collector's queue) push back instead of piling up.
/// </summary>
internal sealed record RetryPolicy(int MaxAttempts, TimeSpan InitialBackoff, TimeSpan MaxBackoff, TimeSpan MaxElapsed)
{
    /// <summary>5 attempts, 100 ms doubling to at most 2 s (1.5 s of waiting in all), never beyond 30 s.</summary>
    public static RetryPolicy Default { get; } = new(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1-based): exponential, capped, plus up to 20 % jitter.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 20);
        var ticks = Math.Min(InitialBackoff.Ticks * (1L << exponent), MaxBackoff.Ticks);
        var jitter = (long)(ticks * 0.2 * Random.Shared.NextDouble());
        return TimeSpan.FromTicks(ticks + jitter);
    }

    /// <summary>True when another attempt may start after waiting <paramref name="delay"/>, <paramref name="elapsed"/> into the operation.</summary>
    public bool MayRetry(int attemptsMade, TimeSpan elapsed, TimeSpan delay) =>
        attemptsMade < MaxAttempts && elapsed + delay <= MaxElapsed;
}
