using TraceBackend.Model;
using static TraceBackend.Storage.Conformance.FixtureTraces;

namespace TraceBackend.Storage.Conformance;

public abstract partial class StorageConformanceTests
{
    [Fact]
    public async Task Write_then_get_returns_every_span_with_every_field_intact()
    {
        var rich = Rich(Id128(1), At(0));
        await WriteAsync(rich);

        SpanAssert.Equivalent(AsStored(rich), await GetSpansAsync(Id128(1)));
    }

    [Fact]
    public async Task Sixty_four_and_128_bit_trace_ids_are_distinct_traces()
    {
        // Same low half: a store that keys on the low 64 bits only would merge them.
        var narrow = Single(Id64(2), Frontend, "narrow", At(0), TimeSpan.FromMilliseconds(1));
        var wide = Single(Id128(2), Backend, "wide", At(1), TimeSpan.FromMilliseconds(1));
        await WriteAsync(narrow, wide);

        SpanAssert.Equivalent(AsStored(narrow), await GetSpansAsync(Id64(2)));
        SpanAssert.Equivalent(AsStored(wide), await GetSpansAsync(Id128(2)));
    }

    [Fact]
    public async Task Writing_the_same_batch_twice_stores_each_span_once()
    {
        var rich = Rich(Id64(3), At(0));
        await WriteAsync(rich, rich);

        SpanAssert.Equivalent(AsStored(rich), await GetSpansAsync(Id64(3)));
    }

    [Fact]
    public async Task A_trace_written_in_two_batches_returns_the_union()
    {
        var rich = Rich(Id128(4), At(0));
        // The second batch repeats the first batch's last span (a retried partial batch).
        await WriteAsync([.. rich.Take(3)], [.. rich.Skip(2)]);

        SpanAssert.Equivalent(AsStored(rich), await GetSpansAsync(Id128(4)));
    }

    [Fact]
    public async Task Spans_sharing_an_id_but_not_a_key_are_both_kept()
    {
        // Zipkin-style shared span: client and server halves carry the same span ID.
        var start = At(0);
        var client = new SpanBuilder(Id64(5), new SpanId(0x77), Service(Frontend), "call", start, TimeSpan.FromMilliseconds(10)).Kind(SpanKind.Client).Build();
        var server = new SpanBuilder(Id64(5), new SpanId(0x77), Service(Backend), "call", start.AddMilliseconds(1), TimeSpan.FromMilliseconds(8)).Kind(SpanKind.Server).Build();
        await WriteAsync([client, server]);

        SpanAssert.Equivalent(AsStored([client, server]), await GetSpansAsync(Id64(5)));
    }

    [Fact]
    public async Task Multi_get_keeps_request_order_and_skips_unknown_ids()
    {
        await WriteAsync(
            Single(Id64(10), Frontend, "a", At(0), TimeSpan.FromMilliseconds(1)),
            Single(Id64(11), Frontend, "b", At(1), TimeSpan.FromMilliseconds(1)),
            Single(Id128(12), Frontend, "c", At(2), TimeSpan.FromMilliseconds(1)));

        var requests = new[] { Id128(12), Id64(99), Id64(10), Id128(10), Id64(11) }
            .Select(id => new TraceGetRequest(id, At(-60), At(60)))
            .ToList();
        var traces = await Store.GetTracesAsync(requests, Ct);

        Assert.Equal([Id128(12), Id64(10), Id64(11)], traces.Select(t => t.TraceId));
        Assert.Equal(["c", "a", "b"], traces.Select(t => Assert.Single(t.Spans).Name));
    }

    [Fact]
    public async Task Getting_an_unknown_trace_returns_an_empty_list()
    {
        Assert.Empty(await Store.GetTracesAsync([new TraceGetRequest(Id64(20))], Ct));

        await WriteAsync(Single(Id64(21), Frontend, "a", At(0), TimeSpan.FromMilliseconds(1)));
        var traces = await Store.GetTracesAsync([new TraceGetRequest(Id64(20)), new TraceGetRequest(Id128(21))], Ct);

        Assert.NotNull(traces);
        Assert.Empty(traces);
    }

    [Fact]
    public async Task Services_are_distinct_and_sorted_ordinally()
    {
        Assert.Empty(await Store.GetServicesAsync(Ct));

        await WriteAsync(
            Single(Id64(30), "zeta", "op", At(0), TimeSpan.FromMilliseconds(1)),
            Single(Id64(31), "beta", "op", At(1), TimeSpan.FromMilliseconds(1)),
            Single(Id64(32), "Alpha", "op", At(2), TimeSpan.FromMilliseconds(1)),
            Single(Id64(33), "beta", "other", At(3), TimeSpan.FromMilliseconds(1)),
            Single(Id64(34), "alpha", "op", At(4), TimeSpan.FromMilliseconds(1)));

        Assert.Equal(["Alpha", "alpha", "beta", "zeta"], await Store.GetServicesAsync(Ct));
    }

    [Fact]
    public async Task Operations_list_each_name_and_kind_of_the_service_sorted()
    {
        await WriteOperationsFixtureAsync();

        var operations = await Store.GetOperationsAsync(new OperationQuery("api"), Ct);

        Assert.Equal(
            [new Operation("GET /a", SpanKind.Server), new Operation("GET /a", SpanKind.Client), new Operation("GET /b", SpanKind.Server), new Operation("work", SpanKind.Internal)],
            operations);
    }

    [Fact]
    public async Task Operations_can_be_filtered_by_kind()
    {
        await WriteOperationsFixtureAsync();

        Assert.Equal(
            [new Operation("GET /a", SpanKind.Server), new Operation("GET /b", SpanKind.Server)],
            await Store.GetOperationsAsync(new OperationQuery("api", SpanKind.Server), Ct));
        Assert.Equal([new Operation("GET /a", SpanKind.Client)], await Store.GetOperationsAsync(new OperationQuery("api", SpanKind.Client), Ct));
        Assert.Empty(await Store.GetOperationsAsync(new OperationQuery("api", SpanKind.Producer), Ct));
    }

    [Fact]
    public async Task Operations_of_an_unknown_service_are_empty()
    {
        await WriteOperationsFixtureAsync();

        Assert.Empty(await Store.GetOperationsAsync(new OperationQuery("nobody"), Ct));
        Assert.Empty(await Store.GetOperationsAsync(new OperationQuery("API"), Ct));
    }

    private async Task WriteOperationsFixtureAsync()
    {
        var trace = new TraceBuilder(Id64(40), At(0));
        var ms = TimeSpan.FromMilliseconds(1);
        var root = trace.Span("api", "GET /b", TimeSpan.Zero, 10 * ms).Kind(SpanKind.Server);
        trace.Span("api", "GET /a", ms, ms).Kind(SpanKind.Client).ChildOf(root);
        trace.Span("api", "work", 2 * ms, ms).Kind(SpanKind.Internal).ChildOf(root);
        trace.Span("other", "not listed", 3 * ms, ms).Kind(SpanKind.Server).ChildOf(root);
        var second = new TraceBuilder(Id64(41), At(5));
        second.Span("api", "GET /a", TimeSpan.Zero, ms).Kind(SpanKind.Server);
        second.Span("api", "GET /b", ms, ms).Kind(SpanKind.Server);
        await WriteAsync(trace.Build(), second.Build());
    }
}
