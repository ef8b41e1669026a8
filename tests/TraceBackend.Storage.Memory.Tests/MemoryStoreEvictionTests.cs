using TraceBackend.Model;
using static TraceBackend.Storage.Conformance.FixtureTraces;

namespace TraceBackend.Storage.Memory.Tests;

/// <summary>
/// The bounded ring: the first-inserted trace leaves when a new trace would exceed MaxTraces. Chosen behaviour:
/// evicted traces disappear from lookups, search and dependencies at once; services and operations learnt from
/// them stay listed (as in Jaeger's memory store).
/// </summary>
public class MemoryStoreEvictionTests
{
    private static readonly DateTimeOffset s_base = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_ms = TimeSpan.FromMilliseconds(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TraceQuery Window(string? service = null) =>
        new() { ServiceName = service, StartTimeMin = s_base.AddHours(-1), StartTimeMax = s_base.AddHours(1) };

    [Fact]
    public async Task The_oldest_inserted_trace_is_evicted_at_max_traces()
    {
        using var store = new MemoryStore(new MemoryStoreOptions { MaxTraces = 3 });
        // Start times deliberately unrelated to insertion order: eviction follows insertion.
        await store.WriteAsync(Single(Id64(1), "svc", "op", s_base.AddSeconds(30), s_ms), Ct);
        await store.WriteAsync(Single(Id64(2), "svc", "op", s_base.AddSeconds(10), s_ms), Ct);
        await store.WriteAsync(Single(Id64(3), "svc", "op", s_base.AddSeconds(20), s_ms), Ct);
        Assert.Equal(3, store.TraceCount);

        await store.WriteAsync(Single(Id64(4), "svc", "op", s_base, s_ms), Ct);

        Assert.Equal(3, store.TraceCount);
        Assert.Equal([Id64(2), Id64(3), Id64(4)], await GetIdsAsync(store, Id64(1), Id64(2), Id64(3), Id64(4)));
        Assert.Equal([Id64(3), Id64(2), Id64(4)], (await store.FindTracesAsync(Window("svc"), Ct)).Select(t => t.TraceId));
    }

    [Fact]
    public async Task Appending_to_a_stored_trace_does_not_evict()
    {
        using var store = new MemoryStore(new MemoryStoreOptions { MaxTraces = 2 });
        var first = Rich(Id64(1), s_base);
        await store.WriteAsync([.. first.Take(2)], Ct);
        await store.WriteAsync(Single(Id64(2), "svc", "op", s_base, s_ms), Ct);

        await store.WriteAsync([.. first.Skip(2)], Ct);

        Assert.Equal([Id64(1), Id64(2)], await GetIdsAsync(store, Id64(1), Id64(2)));
        Assert.Equal(first.Count, (await store.GetTracesAsync([new TraceGetRequest(Id64(1))], Ct))[0].Spans.Count);

        // The trace that received late spans is still the oldest by insertion.
        await store.WriteAsync(Single(Id64(3), "svc", "op", s_base, s_ms), Ct);
        Assert.Equal([Id64(2), Id64(3)], await GetIdsAsync(store, Id64(1), Id64(2), Id64(3)));
    }

    [Fact]
    public async Task Evicted_traces_never_show_up_in_search_or_dependencies()
    {
        using var store = new MemoryStore(new MemoryStoreOptions { MaxTraces = 2 });
        await store.WriteAsync(Rich(Id64(1), s_base.AddSeconds(50)), Ct);
        await store.WriteAsync(Single(Id64(2), "svc", "op", s_base, s_ms), Ct);
        await store.WriteAsync(Single(Id64(3), "svc", "op", s_base, s_ms), Ct);

        Assert.Empty(await store.FindTracesAsync(Window(Frontend), Ct));
        Assert.Empty(await store.FindTracesAsync(Window(Backend) with { OperationName = "GET /customer" }, Ct));
        Assert.Equal([Id64(3), Id64(2)], (await store.FindTracesAsync(Window(), Ct)).Select(t => t.TraceId));
        Assert.Empty(await store.GetDependenciesAsync(s_base.AddHours(1), TimeSpan.FromHours(2), Ct));

        // Chosen behaviour: what was seen stays listed.
        Assert.Equal([Backend, Database, Frontend, "svc"], await store.GetServicesAsync(Ct));
        Assert.Contains(new Operation("GET /customer", SpanKind.Server), await store.GetOperationsAsync(new OperationQuery(Backend), Ct));
    }

    [Fact]
    public async Task A_batch_larger_than_the_ring_keeps_its_newest_traces()
    {
        using var store = new MemoryStore(new MemoryStoreOptions { MaxTraces = 2 });

        await store.WriteAsync([.. Enumerable.Range(1, 5).SelectMany(i => Single(Id64((ulong)i), "svc", "op", s_base.AddSeconds(i), s_ms))], Ct);

        Assert.Equal([Id64(4), Id64(5)], await GetIdsAsync(store, Id64(1), Id64(2), Id64(3), Id64(4), Id64(5)));
    }

    [Fact]
    public async Task Index_lists_are_compacted_as_traces_are_evicted()
    {
        const int max = 50;
        using var store = new MemoryStore(new MemoryStoreOptions { MaxTraces = max });
        for (var i = 0; i < 1_000; i++)
        {
            await store.WriteAsync(Single(Id64((ulong)i), "svc", $"op-{i % 7}", s_base.AddMilliseconds(i), s_ms), Ct);
        }

        // Tombstones never outnumber live entries by more than the compaction rule allows.
        Assert.InRange(store.IndexedTraceEntries("svc"), max, 2 * max);
        var found = await store.FindTracesAsync(Window("svc") with { SearchDepth = 1_000 }, Ct);
        Assert.Equal(Enumerable.Range(950, 50).Reverse().Select(i => Id64((ulong)i)), found.Select(t => t.TraceId));
        var byOperation = await store.FindTracesAsync(Window("svc") with { OperationName = "op-3", SearchDepth = 1_000 }, Ct);
        Assert.Equal(Enumerable.Range(950, 50).Where(i => i % 7 == 3).Reverse().Select(i => Id64((ulong)i)), byOperation.Select(t => t.TraceId));
    }

    private static async Task<List<TraceId>> GetIdsAsync(MemoryStore store, params TraceId[] ids)
    {
        var traces = await store.GetTracesAsync([.. ids.Select(id => new TraceGetRequest(id))], Ct);
        return [.. traces.Select(t => t.TraceId)];
    }
}
