using System.Collections.Concurrent;
using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Search;

/// <summary>
/// Loads whole traces for one search call: each trace at most once (per-service searches of one call share it), at
/// most <c>maxConcurrent</c> loads at a time, and counts loads against the call's trace budget. Thread-safe.
/// </summary>
internal sealed class TraceLoader
{
    private readonly Func<TraceId, CancellationToken, ValueTask<Trace?>> _load;
    private readonly ConcurrentDictionary<TraceId, Lazy<Task<Trace?>>> _traces = new();
    private readonly SemaphoreSlim _slots;
    private readonly int _budget;
    private int _loads;

    public TraceLoader(Func<TraceId, CancellationToken, ValueTask<Trace?>> load, int maxConcurrent, int budget)
    {
        _load = load;
        _slots = new SemaphoreSlim(maxConcurrent, maxConcurrent);
        _budget = budget;
    }

    public int Loads => Volatile.Read(ref _loads);

    public bool BudgetExhausted => Loads >= _budget;

    /// <summary>The trace, or null when its partition is empty.</summary>
    public Task<Trace?> LoadAsync(TraceId traceId, CancellationToken cancellationToken) =>
        _traces.GetOrAdd(traceId, id => new Lazy<Task<Trace?>>(() => LoadOnceAsync(id, cancellationToken))).Value;

    private async Task<Trace?> LoadOnceAsync(TraceId traceId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _loads);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _load(traceId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }
}
