using TraceBackend.Model;
using TraceBackend.Storage.Memory;

namespace TraceBackend.Benchmarks.Scenarios;

/// <summary>
/// Ingest into the memory store: <see cref="BatchCount"/> converted <see cref="BatchSpans"/>-span HotROD batches
/// appended with <see cref="MemoryStore.WriteAsync"/> into a fresh store (large enough that nothing is evicted).
/// Every operation starts from an empty store, so each run does identical work: new traces, index entries,
/// canonicalized spans — appending the same spans twice would only measure the dedupe check.
/// </summary>
public sealed class MemoryStoreAppendScenario
{
    public const int BatchSpans = 500;
    public const int DefaultBatchCount = 40;

    private readonly IReadOnlyList<Span>[] _batches;

    public MemoryStoreAppendScenario(int batchCount = DefaultBatchCount)
    {
        _batches = ConvertedBatches.Create(batchCount, BatchSpans);
    }

    public int BatchCount => _batches.Length;

    /// <summary>The batches written by every operation (owned by the scenario; do not mutate).</summary>
    public IReadOnlyList<IReadOnlyList<Span>> Batches => _batches;

    public int SpanCount => _batches.Length * BatchSpans;

    /// <summary>Writes every batch into a new store; returns the number of stored traces.</summary>
    public int Run()
    {
        using var store = new MemoryStore(new MemoryStoreOptions { MaxTraces = 1_000_000 });
        foreach (var batch in _batches)
        {
            SyncResult.Get(store.WriteAsync(batch));
        }

        return store.TraceCount;
    }
}
