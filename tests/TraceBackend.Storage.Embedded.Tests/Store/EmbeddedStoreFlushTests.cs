using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Tests.Wal;
using static TraceBackend.Storage.Embedded.Tests.Store.StoreTestData;

namespace TraceBackend.Storage.Embedded.Tests.Store;

public sealed class EmbeddedStoreFlushTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Head_over_its_limit_cuts_the_least_recently_updated_traces_at_once()
    {
        using var dir = new TempDirectory();
        var time = new ManualTimeProvider(BaseTime);
        // The flush check interval is an hour: only the over-limit signal can start this flush.
        await using var store = await StoreFixture.OpenAsync(StoreFixture.Options(dir) with { MaxHeadSpans = 30 }, time);
        for (var i = 0; i < 11; i++)
        {
            await store.WriteAsync(Trace(i), Ct);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await EmbeddedStoreRecoveryTests.WaitUntilAsync(() => store.Blocks.Count == 1);

        // 33 spans > 30: the oldest traces go until the head is at ¾ of the limit (≤ 22 spans).
        var block = Assert.Single(store.Blocks);
        Assert.Equal(4, block.TraceCount);
        Assert.Equal(21, store.HeadSpanCount);
        Assert.Equal(Id(0), block.MinTraceId);
        Assert.Equal(Id(3), block.MaxTraceId);
        Assert.Equal(11, (await store.FindTracesAsync(Window(), Ct)).Count);
    }

    [Fact]
    public async Task A_trace_live_too_long_is_cut_and_later_spans_form_a_new_fragment()
    {
        using var dir = new TempDirectory();
        var time = new ManualTimeProvider(BaseTime);
        var options = StoreFixture.Options(dir) with
        {
            FlushCheckInterval = TimeSpan.FromMilliseconds(20),
            TraceIdlePeriod = TimeSpan.FromSeconds(10),
            MaxTraceLive = TimeSpan.FromSeconds(30),
        };
        await using var store = await StoreFixture.OpenAsync(options, time);
        var spans = Trace(7);
        var extra = Enumerable.Range(0, 8).Select(i => new Span
        {
            TraceId = Id(7),
            SpanId = new SpanId(0x1000 + (ulong)i),
            ParentSpanId = spans[0].SpanId,
            Name = "tick",
            StartTimeUnixNano = spans[0].StartTimeUnixNano + (ulong)i,
            EndTimeUnixNano = spans[0].StartTimeUnixNano + (ulong)i + 1,
            Resource = spans[0].Resource,
        }).ToList();
        await store.WriteAsync(spans, Ct);

        // A span every 5 s keeps the trace from going idle; after 30 s it is cut anyway.
        for (var i = 0; i < 7; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await store.WriteAsync([extra[i]], Ct);
        }

        await EmbeddedStoreRecoveryTests.WaitUntilAsync(() => store.Blocks.Count == 1);
        await store.WriteAsync([extra[7]], Ct);

        var flushed = Assert.Single(store.Blocks).SpanCount;
        Assert.InRange(flushed, 8, 10); // the flush loop may run between a clock step and its write
        Assert.Equal(11 - flushed, store.HeadSpanCount);
        var trace = Assert.Single(await store.GetTracesAsync([new TraceGetRequest(Id(7))], Ct));
        Assert.Equal(11, trace.Spans.Count);
        Assert.Equal([Id(7)], (await store.FindTracesAsync(Window(), Ct)).Select(t => t.TraceId));
    }
}
