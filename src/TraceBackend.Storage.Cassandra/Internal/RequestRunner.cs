using Microsoft.Extensions.Logging;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// Runs the store's requests: retries failures <see cref="CassandraStoreOptions.IsTransient"/> accepts with
/// exponential backoff (initial delay doubled per attempt, capped, ±20 % jitter) until the next attempt would start
/// later than <see cref="CassandraStoreOptions.RetryBudget"/> after the first, then rethrows the last failure. Writes
/// additionally hold one of <see cref="CassandraStoreOptions.MaxInFlightWrites"/> slots for the whole request,
/// retries and backoff included, so a failing cluster is not flooded and callers queue up (backpressure). Every
/// request is idempotent (INSERTs of fixed keys, SELECTs), so retrying after a timeout cannot duplicate anything.
/// </summary>
internal sealed class RequestRunner
{
    private readonly SemaphoreSlim _writeSlots;
    private readonly CassandraStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RequestRunner(CassandraStoreOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _writeSlots = new SemaphoreSlim(options.MaxInFlightWrites, options.MaxInFlightWrites);
    }

    /// <summary>Write slots not taken right now.</summary>
    public int FreeWriteSlots => _writeSlots.CurrentCount;

    public async ValueTask WriteAsync<TState>(Func<TState, CancellationToken, ValueTask> request, TState state, string table, CancellationToken cancellationToken)
    {
        await _writeSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RetryAsync(
                static async (s, ct) =>
                {
                    await s.Request(s.State, ct).ConfigureAwait(false);
                    return true;
                },
                (Request: request, State: state),
                table,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeSlots.Release();
        }
    }

    public ValueTask<TResult> ReadAsync<TState, TResult>(Func<TState, CancellationToken, ValueTask<TResult>> request, TState state, string table, CancellationToken cancellationToken) =>
        RetryAsync(request, state, table, cancellationToken);

    private async ValueTask<TResult> RetryAsync<TState, TResult>(Func<TState, CancellationToken, ValueTask<TResult>> request, TState state, string table, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan delay;
            try
            {
                return await request(state, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && _options.IsTransient(ex))
            {
                delay = Backoff(attempt);
                var elapsed = _time.GetElapsedTime(started);
                if (elapsed + delay > _options.RetryBudget)
                {
                    CassandraStoreLog.RequestFailed(_logger, table, attempt, elapsed, ex);
                    throw;
                }

                CassandraStoreLog.RequestRetried(_logger, table, attempt, delay, ex);
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var baseTicks = _options.RetryInitialDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(baseTicks, _options.RetryMaxDelay.Ticks);
        return TimeSpan.FromTicks((long)(capped * (0.8 + (Random.Shared.NextDouble() * 0.4))));
    }
}
