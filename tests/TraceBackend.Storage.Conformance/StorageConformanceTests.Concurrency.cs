using TraceBackend.Model;
using static TraceBackend.Storage.Conformance.FixtureTraces;

namespace TraceBackend.Storage.Conformance;

public abstract partial class StorageConformanceTests
{
    private const int ConcurrentWriters = 4;
    private const int TracesPerWriter = 200;
    private const int TracesPerBatch = 10;

    [Fact]
    public async Task Concurrent_writers_and_readers_lose_nothing()
    {
        using var writersDone = new CancellationTokenSource();
        var writers = Enumerable.Range(0, ConcurrentWriters).Select(w => Task.Run(() => RunWriterAsync(w), Ct)).ToArray();
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() => RunReaderAsync(r, writersDone.Token), Ct)).ToArray();

        try
        {
            await Task.WhenAll(writers);
        }
        finally
        {
            await writersDone.CancelAsync();
        }

        await Task.WhenAll(readers);
        await AfterWriteAsync();

        var ids = Enumerable.Range(0, ConcurrentWriters).SelectMany(w => Enumerable.Range(0, TracesPerWriter).Select(i => WorkerTraceId(w, i))).ToList();
        var traces = await Store.GetTracesAsync([.. ids.Select(id => new TraceGetRequest(id))], Ct);
        Assert.Equal(ids, traces.Select(t => t.TraceId));
        Assert.All(traces, t => Assert.Equal(3, t.Spans.Select(s => s.Key).Distinct().Count()));
        Assert.All(traces, t => Assert.Equal(3, t.Spans.Count));
        for (var w = 0; w < ConcurrentWriters; w++)
        {
            var found = await FindIdsAsync(Window() with { ServiceName = WorkerService(w), SearchDepth = TracesPerWriter * 2 });
            Assert.Equal(TracesPerWriter, found.Count);
        }

        Assert.Equal([.. Enumerable.Range(0, ConcurrentWriters).Select(WorkerService), "worker-db"], await Store.GetServicesAsync(Ct));
    }

    private async Task RunWriterAsync(int writer)
    {
        for (var first = 0; first < TracesPerWriter; first += TracesPerBatch)
        {
            var batch = new List<Span>();
            for (var i = first; i < first + TracesPerBatch; i++)
            {
                batch.AddRange(WorkerTrace(writer, i));
            }

            await Store.WriteAsync(batch, Ct);
            if (first % (TracesPerBatch * 4) == 0)
            {
                await Store.WriteAsync(batch, Ct); // a client retry: must not duplicate
            }
        }
    }

    /// <summary>Reads until the writers finish; everything seen must be well-formed.</summary>
    private async Task RunReaderAsync(int reader, CancellationToken stop)
    {
        var rounds = 0;
        while (!stop.IsCancellationRequested || rounds == 0)
        {
            rounds++;
            var query = Window() with { ServiceName = WorkerService((reader + rounds) % ConcurrentWriters), SearchDepth = 20 };
            var found = await Store.FindTracesAsync(query, Ct);
            Assert.True(found.Count <= 20);
            Assert.All(found, AssertWellFormed);

            var requests = Enumerable.Range(0, 20).Select(i => new TraceGetRequest(WorkerTraceId(rounds % ConcurrentWriters, (i * 7 + rounds) % TracesPerWriter))).ToList();
            var traces = await Store.GetTracesAsync(requests, Ct);
            Assert.All(traces, AssertWellFormed);

            var services = await Store.GetServicesAsync(Ct);
            Assert.Equal(services.Order(StringComparer.Ordinal).Distinct(), services);
        }
    }

    private static void AssertWellFormed(Trace trace)
    {
        Assert.InRange(trace.Spans.Count, 1, 3);
        Assert.All(trace.Spans, s => Assert.Equal(trace.TraceId, s.TraceId));
        Assert.Equal(trace.Spans.Count, trace.Spans.Select(s => s.Key).Distinct().Count());
    }

    private static string WorkerService(int writer) => $"worker-{writer}";

    private static TraceId WorkerTraceId(int writer, int index) => Id128((ulong)(10_000 + (writer * 1_000) + index));

    private IReadOnlyList<Span> WorkerTrace(int writer, int index)
    {
        var ms = TimeSpan.FromMilliseconds(1);
        var trace = new TraceBuilder(WorkerTraceId(writer, index), At(index));
        var root = trace.Span(WorkerService(writer), "handle", TimeSpan.Zero, 10 * ms).Kind(SpanKind.Server).Attr("index", (long)index);
        trace.Span(WorkerService(writer), "compute", ms, 2 * ms).Kind(SpanKind.Internal).ChildOf(root);
        trace.Span("worker-db", "query", 3 * ms, 5 * ms).Kind(SpanKind.Client).ChildOf(root);
        return trace.Build();
    }
}
