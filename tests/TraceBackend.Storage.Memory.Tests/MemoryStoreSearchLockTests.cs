using TraceBackend.Model;
using static TraceBackend.Storage.Conformance.FixtureTraces;

namespace TraceBackend.Storage.Memory.Tests;

/// <summary>
/// Search holds the store lock only to collect candidates; span matching, ranking and copy-out run outside it,
/// so the single ingest writer is never stalled for the length of a slow search. Candidates are snapshots: a
/// search returns the traces as they were when it collected them, even if they are appended to or evicted
/// while it runs.
/// </summary>
public class MemoryStoreSearchLockTests
{
    private static readonly DateTimeOffset s_base = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_ms = TimeSpan.FromMilliseconds(1);

    // Far above any lock hand-over; reached only when the writer is blocked (the test then fails, bounded).
    private static readonly TimeSpan s_writerTimeout = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TraceQuery RedQuery(string? service) => new()
    {
        ServiceName = service,
        Attributes = new Dictionary<string, string> { ["color"] = "red" },
        StartTimeMin = s_base.AddHours(-1),
        StartTimeMax = s_base.AddHours(1),
        SearchDepth = 10,
    };

    private static IReadOnlyList<Span> Red(ulong id, string name, DateTimeOffset start) =>
        Single(Id64(id), "svc", name, start, s_ms, b => b.Attr("color", "red"));

    [Theory]
    [InlineData("svc")]
    [InlineData(null)]
    public async Task A_writer_completes_while_a_search_is_matching_spans(string? service)
    {
        using var store = new MemoryStore(new MemoryStoreOptions { MaxTraces = 100 });
        for (ulong i = 0; i < 100; i++)
        {
            await store.WriteAsync(Red(i, "op", s_base.AddMilliseconds(i)), Ct);
        }

        Task? writer = null;
        var writerDone = false;
        store.SearchMatchingHook = () =>
        {
            if (writer is not null)
            {
                return;
            }

            // Another thread, as the ingest consumer: a newer span for a candidate (would rank first if visible),
            // then 100 new traces that evict every candidate of the running search.
            writer = Task.Run(
                () =>
                {
                    store.WriteAsync(Red(50, "late", s_base.AddSeconds(30)), Ct).AsTask().GetAwaiter().GetResult();
                    for (ulong i = 1_000; i < 1_100; i++)
                    {
                        store.WriteAsync(Red(i, "op", s_base.AddSeconds(1)), Ct).AsTask().GetAwaiter().GetResult();
                    }
                },
                Ct);
            writerDone = writer.Wait(s_writerTimeout, Ct);
        };

        var found = await store.FindTracesAsync(RedQuery(service), Ct);
        store.SearchMatchingHook = null;
        await writer!;

        Assert.True(writerDone, "the writer was blocked while the search was matching spans");
        // The search saw the store as it was when it collected candidates.
        Assert.Equal(Enumerable.Range(90, 10).Reverse().Select(i => Id64((ulong)i)), found.Select(t => t.TraceId));
        Assert.All(found, t => Assert.Equal("op", Assert.Single(t.Spans).Name));
        Assert.Empty(await store.GetTracesAsync([new TraceGetRequest(Id64(99))], Ct));
        var after = await store.FindTracesAsync(RedQuery(service) with { SearchDepth = 1_000 }, Ct);
        Assert.Equal(100, after.Count);
        Assert.All(after, t => Assert.InRange(t.TraceId.Low & 0xFFFF, 1_000UL, 1_099UL));
    }

    [Fact]
    public async Task Searches_racing_evictions_and_appends_return_whole_ranked_traces()
    {
        using var store = new MemoryStore(new MemoryStoreOptions { MaxTraces = 200 });
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(
            async () =>
            {
                for (ulong i = 0; i < 20_000 && !stop.IsCancellationRequested; i++)
                {
                    // Every trace gets two spans in separate batches; the second one lands while others are evicted.
                    await store.WriteAsync(Red(i, "first", s_base.AddMilliseconds(i % 1_000)), Ct);
                    if (i >= 10)
                    {
                        await store.WriteAsync(Single(Id64(i - 10), "svc", "second", s_base.AddMilliseconds((i * 7) % 1_000), s_ms, b => b.Attr("color", "red")), Ct);
                    }
                }
            },
            Ct);

        try
        {
            for (var q = 0; q < 200; q++)
            {
                var query = RedQuery(q % 2 == 0 ? "svc" : null) with { SearchDepth = 50 };
                var found = await store.FindTracesAsync(query, Ct);
                var previous = ulong.MaxValue;
                foreach (var trace in found)
                {
                    Assert.NotEmpty(trace.Spans);
                    Assert.All(trace.Spans, s => Assert.Equal(trace.TraceId, s.TraceId));
                    var latest = trace.Spans.Max(s => s.StartTimeUnixNano);
                    Assert.True(latest <= previous, "results are ranked newest first");
                    previous = latest;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }
    }
}
