using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Tests.Wal;
using static TraceBackend.Storage.Embedded.Tests.Store.StoreTestData;

namespace TraceBackend.Storage.Embedded.Tests.Store;

public sealed class EmbeddedStoreConcurrencyTests
{
    private const int Writers = 4;
    private const int TracesPerWriter = 150;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reads_during_writes_flushes_and_compactions_see_every_acknowledged_span_exactly_once()
    {
        using var dir = new TempDirectory();
        await using var store = await StoreFixture.OpenAsync(StoreFixture.Options(dir) with { RowGroupSpans = 16 });
        var acknowledged = new int[Writers]; // traces 0..acknowledged[w] of writer w are fully written
        using var done = new CancellationTokenSource();

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < TracesPerWriter; i++)
            {
                var index = (w * TracesPerWriter) + i;
                await store.WriteAsync(Trace(index), Ct);
                if (i % 10 == 0)
                {
                    await store.WriteAsync(Trace(index), Ct); // a retry: never duplicated
                }

                Volatile.Write(ref acknowledged[w], i + 1);
            }
        }, Ct)).ToArray();

        var maintenance = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                await store.FlushAsync(Ct);
                await store.CompactAsync(Ct);
                await Task.Delay(5, Ct);
            }
        }, Ct);

        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(async () =>
        {
            var rounds = 0;
            while (!done.IsCancellationRequested || rounds == 0)
            {
                rounds++;
                var w = rounds % Writers;
                var seen = Volatile.Read(ref acknowledged[w]);
                var ids = Enumerable.Range(0, seen).Select(i => Id((w * TracesPerWriter) + i)).ToList();
                var traces = await store.GetTracesAsync([.. ids.Select(id => new TraceGetRequest(id))], Ct);
                Assert.Equal(ids, traces.Select(t => t.TraceId));
                Assert.All(traces, AssertWhole);

                var found = await store.FindTracesAsync(Window(depth: 50), Ct);
                Assert.All(found, AssertWhole);
                Assert.Equal(found.Select(t => t.TraceId).Distinct().Count(), found.Count);
                var services = await store.GetServicesAsync(Ct);
                Assert.Equal(services.Order(StringComparer.Ordinal).Distinct(), services);
            }
        }, Ct)).ToArray();

        try
        {
            await Task.WhenAll(writers);
        }
        finally
        {
            await done.CancelAsync();
        }

        await Task.WhenAll(readers);
        await maintenance;
        await store.FlushAsync(Ct);
        await store.CompactAsync(Ct);

        var all = Enumerable.Range(0, Writers * TracesPerWriter).Select(Id).ToList();
        var final = await store.GetTracesAsync([.. all.Select(id => new TraceGetRequest(id))], Ct);
        Assert.Equal(all, final.Select(t => t.TraceId));
        Assert.All(final, AssertWhole);
        Assert.Equal(Writers * TracesPerWriter, (await store.FindTracesAsync(Window(depth: 10_000), Ct)).Count);
        Assert.Equal(["db", "svc-0", "svc-1", "svc-2", "svc-3"], await store.GetServicesAsync(Ct));
    }

    private static void AssertWhole(Trace trace)
    {
        Assert.Equal(3, trace.Spans.Count);
        Assert.Equal(3, trace.Spans.Select(s => s.Key).Distinct().Count());
        Assert.All(trace.Spans, s => Assert.Equal(trace.TraceId, s.TraceId));
    }
}
