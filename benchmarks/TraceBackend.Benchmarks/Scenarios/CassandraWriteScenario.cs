using TraceBackend.Model;
using TraceBackend.Storage.Cassandra;

namespace TraceBackend.Benchmarks.Scenarios;

/// <summary>
/// CassandraTraceStore.WriteAsync of converted 500-span HotROD batches over <see cref="CountingCassandraSession"/>:
/// everything the store does for a write (row encoding, span hash, index rows, tag filters, batching, write cache)
/// except the network. A fresh store per run, so the service/operation write cache starts empty as after a restart.
/// </summary>
public sealed class CassandraWriteScenario
{
    public const int BatchSpans = 500;
    public const int DefaultBatchCount = 40;

    private readonly IReadOnlyList<Span>[] _batches;

    public CassandraWriteScenario(int batchCount = DefaultBatchCount) => _batches = ConvertedBatches.Create(batchCount, BatchSpans);

    public CountingCassandraSession Session { get; } = new();

    public int SpanCount => _batches.Sum(b => b.Count);

    public long Run()
    {
        Session.Reset();
        var store = new CassandraTraceStore(Session, new CassandraStoreOptions());
        foreach (var batch in _batches)
        {
            var pending = store.WriteAsync(batch);
            if (!pending.IsCompletedSuccessfully)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }
        }

        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return Session.Rows;
    }
}
