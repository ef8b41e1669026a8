using TraceBackend.Model;
using static TraceBackend.Storage.Conformance.FixtureTraces;

namespace TraceBackend.Storage.Memory.Tests;

/// <summary>
/// The per-service operation index stays bounded with high-cardinality span names: an operation whose traces
/// were all evicted keeps only its name and kinds, and at most MaxOperationsPerService names are kept per
/// service; spans with names beyond the cap are stored and searchable, just not listed.
/// </summary>
public class MemoryStoreOperationIndexTests
{
    private static readonly DateTimeOffset s_base = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_ms = TimeSpan.FromMilliseconds(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TraceQuery Window(string? service, string? operation) => new()
    {
        ServiceName = service,
        OperationName = operation,
        StartTimeMin = s_base.AddHours(-1),
        StartTimeMax = s_base.AddHours(1),
        SearchDepth = 1_000,
    };

    private static IReadOnlyList<Span> Server(ulong id, string service, string name, int offsetMs) =>
        Single(Id64(id), service, name, s_base.AddMilliseconds(offsetMs), s_ms, b => b.Kind(SpanKind.Server));

    private static async Task<List<TraceId>> FindIdsAsync(MemoryStore store, string? service, string? operation) =>
        [.. (await store.FindTracesAsync(Window(service, operation), Ct)).Select(t => t.TraceId)];

    [Fact]
    public async Task Operations_whose_traces_were_all_evicted_release_their_trace_lists()
    {
        using var store = new MemoryStore(new MemoryStoreOptions { MaxTraces = 10 });
        for (var i = 0; i < 1_000; i++)
        {
            await store.WriteAsync(Server((ulong)i, "svc", $"GET /users/{i}", i), Ct);
        }

        // Only the operations of the 10 live traces hold a trace list.
        Assert.Equal(10, store.OperationTraceLists("svc"));
        // Names and kinds of evicted operations stay listed.
        var operations = await store.GetOperationsAsync(new OperationQuery("svc"), Ct);
        Assert.Equal(1_000, operations.Count);
        Assert.Contains(new Operation("GET /users/3", SpanKind.Server), operations);

        Assert.Empty(await FindIdsAsync(store, "svc", "GET /users/3"));
        Assert.Equal([Id64(995)], await FindIdsAsync(store, "svc", "GET /users/995"));

        // A released operation gets a list again when a new trace uses it.
        await store.WriteAsync(Server(5_000, "svc", "GET /users/3", 2_000), Ct);
        Assert.Equal(10, store.OperationTraceLists("svc"));
        Assert.Equal([Id64(5_000)], await FindIdsAsync(store, "svc", "GET /users/3"));
        Assert.Equal([Id64(5_000)], await FindIdsAsync(store, null, "GET /users/3"));
    }

    [Fact]
    public async Task Operation_names_beyond_the_cap_are_not_listed_but_stay_searchable()
    {
        using var store = new MemoryStore(new MemoryStoreOptions { MaxOperationsPerService = 3 });
        for (var i = 0; i < 10; i++)
        {
            await store.WriteAsync(Server((ulong)i, "svc", $"op-{i}", i), Ct);
        }

        await store.WriteAsync(Server(10, "svc", "op-7", 10), Ct);
        await store.WriteAsync(Server(11, "svc", "op-1", 11), Ct);
        // The cap is per service.
        await store.WriteAsync(Server(12, "other", "op-7", 12), Ct);

        Assert.Equal(
            [new Operation("op-0", SpanKind.Server), new Operation("op-1", SpanKind.Server), new Operation("op-2", SpanKind.Server)],
            await store.GetOperationsAsync(new OperationQuery("svc"), Ct));
        Assert.Equal([new Operation("op-7", SpanKind.Server)], await store.GetOperationsAsync(new OperationQuery("other"), Ct));
        Assert.Equal(3, store.OperationTraceLists("svc"));

        Assert.Equal([Id64(10), Id64(7)], await FindIdsAsync(store, "svc", "op-7"));
        Assert.Equal([Id64(12), Id64(10), Id64(7)], await FindIdsAsync(store, null, "op-7"));
        Assert.Equal([Id64(11), Id64(1)], await FindIdsAsync(store, "svc", "op-1"));
        Assert.Empty(await FindIdsAsync(store, "svc", "never-seen"));
        Assert.Equal(12, (await FindIdsAsync(store, "svc", null)).Count);
    }

    [Fact]
    public async Task A_trace_mixing_listed_and_unlisted_operations_is_found_by_both()
    {
        using var store = new MemoryStore(new MemoryStoreOptions { MaxOperationsPerService = 1 });
        var trace = new Conformance.TraceBuilder(Id64(1), s_base);
        trace.Span("svc", "listed", TimeSpan.Zero, s_ms);
        trace.Span("svc", "unlisted", s_ms, s_ms);
        trace.Span("db", "query", s_ms * 2, s_ms);
        await store.WriteAsync(trace.Build(), Ct);
        await store.WriteAsync(Server(2, "svc", "listed", 5), Ct);

        Assert.Equal([Id64(1)], await FindIdsAsync(store, "svc", "unlisted"));
        Assert.Equal([Id64(1)], await FindIdsAsync(store, null, "unlisted"));
        Assert.Equal([Id64(2), Id64(1)], await FindIdsAsync(store, "svc", "listed"));
        Assert.Empty(await FindIdsAsync(store, "db", "unlisted"));
        Assert.Equal([Id64(1)], await FindIdsAsync(store, "db", "query"));
    }
}
