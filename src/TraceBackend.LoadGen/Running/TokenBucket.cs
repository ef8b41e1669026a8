namespace TraceBackend.LoadGen.Running;

/// <summary>
/// Span-rate limiter shared by all workers: tokens refill at <c>rate</c> per second up to
/// <c>capacity</c>; <see cref="AcquireAsync"/> takes <c>n</c> tokens, going into debt if needed, and waits
/// until the debt would be repaid. So requests larger than the capacity still pass, and over any window the
/// granted tokens never exceed capacity + rate·window. Thread-safe.
/// </summary>
public sealed class TokenBucket
{
    private readonly double _rate;
    private readonly double _capacity;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private double _tokens;
    private long _lastTimestamp;

    public TokenBucket(double ratePerSecond, double capacity, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _rate = ratePerSecond;
        _capacity = capacity;
        _time = time ?? TimeProvider.System;
        _tokens = capacity;
        _lastTimestamp = _time.GetTimestamp();
    }

    /// <summary>How long the caller must wait after taking <paramref name="count"/> tokens now (zero if covered).</summary>
    public TimeSpan Take(int count)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
            _lastTimestamp = now;
            _tokens = Math.Min(_capacity, _tokens + elapsed * _rate);
            _tokens -= count;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _rate);
        }
    }

    public async Task AcquireAsync(int count, CancellationToken cancellationToken)
    {
        var wait = Take(count);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
