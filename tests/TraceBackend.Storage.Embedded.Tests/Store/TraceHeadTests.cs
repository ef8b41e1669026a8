using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Head;
using static TraceBackend.Storage.Embedded.Tests.Store.StoreTestData;

namespace TraceBackend.Storage.Embedded.Tests.Store;

public sealed class TraceHeadTests
{
    [Fact]
    public void Add_dedupes_by_key_and_tracks_summary()
    {
        var head = new TraceHead();
        var spans = Trace(0);

        Assert.Equal(3, head.Add(spans, walIndex: 7, nowTicks: 100));
        Assert.Equal(0, head.Add(spans, walIndex: 8, nowTicks: 200));

        Assert.True(head.TryGet(Id(0), out var trace));
        Assert.Equal(3, trace.Count);
        Assert.Equal(7, trace.FirstWalIndex);
        Assert.Equal(100, trace.FirstSeenTicks);
        Assert.Equal(100, trace.LastUpdateTicks);
        Assert.Equal(spans.Min(s => s.StartTimeUnixNano), trace.MinStart);
        Assert.Equal(spans.Max(s => s.StartTimeUnixNano), trace.MaxStart);
        Assert.Equal(3, head.SpanCount);
        Assert.Equal(["db", "svc-0"], head.Services.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, head.Services["svc-0"].OperationTraceCounts.Count);
    }

    [Fact]
    public void Many_spans_of_one_trace_switch_to_a_key_set_and_still_dedupe()
    {
        var head = new TraceHead();
        var spans = Enumerable.Range(1, 100).Select(i => new Span
        {
            TraceId = Id(1),
            SpanId = new SpanId((ulong)i),
            Name = "op",
            StartTimeUnixNano = (ulong)i,
            EndTimeUnixNano = (ulong)i + 1,
        }).ToList();

        Assert.Equal(100, head.Add(spans, 1, 0));
        Assert.Equal(0, head.Add(spans, 2, 0));
        Assert.Equal(100, head.SpanCount);
    }

    [Fact]
    public void Removing_flushed_spans_keeps_later_ones_as_a_fragment_with_their_own_wal_index()
    {
        var head = new TraceHead();
        var spans = Trace(2);
        head.Add([spans[0]], walIndex: 3, nowTicks: 10);
        head.TryGet(Id(2), out var trace);
        var flushed = trace.Count;
        head.Add([spans[1]], walIndex: 5, nowTicks: 20);
        head.Add([spans[2]], walIndex: 6, nowTicks: 30);

        head.RemoveFlushed(trace, flushed, nowTicks: 40);

        Assert.True(head.TryGet(Id(2), out var rest));
        Assert.NotSame(trace, rest);
        Assert.Equal(2, rest.Count);
        Assert.Equal(5, rest.FirstWalIndex);
        Assert.Equal(30, rest.LastUpdateTicks);
        Assert.Equal(40, rest.FirstSeenTicks);
        Assert.Equal(2, head.SpanCount);
        Assert.Equal([spans[1], spans[2]], rest.Snapshot);
        // The old snapshot is untouched.
        Assert.Equal(spans, trace.Snapshot);
    }

    [Fact]
    public void Removing_the_last_trace_of_a_service_unlists_it_and_its_operations()
    {
        var head = new TraceHead();
        head.Add(Trace(0), 1, 0);
        head.Add(Trace(4), 2, 0); // same service svc-0, other operation "step-1"
        head.TryGet(Id(0), out var first);

        head.RemoveFlushed(first, first.Count, 0);

        Assert.Equal([new Operation("handle", SpanKind.Server), new Operation("step-1", SpanKind.Internal)],
            head.Services["svc-0"].OperationTraceCounts.Keys.OrderBy(o => o.Name));
        head.TryGet(Id(4), out var second);
        head.Remove(second);
        Assert.Empty(head.Services);
        Assert.Equal(0, head.SpanCount);
    }

    [Fact]
    public void In_flight_writes_hold_the_lowest_possible_index()
    {
        var writes = new InFlightWrites();
        long next = 10;

        var a = writes.Register(() => next);
        next = 12;
        var b = writes.Register(() => next);
        next = 15;

        Assert.Equal(10, writes.LowestPossibleIndex(() => next));
        writes.Unregister(a);
        Assert.Equal(12, writes.LowestPossibleIndex(() => next));
        writes.Unregister(b);
        Assert.Equal(15, writes.LowestPossibleIndex(() => next));
        Assert.Equal(0, writes.Count);
    }
}
