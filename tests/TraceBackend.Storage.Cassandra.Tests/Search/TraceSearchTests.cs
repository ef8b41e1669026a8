using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Tests.Support;
using TraceBackend.Storage.Conformance;
using static TraceBackend.Storage.Conformance.FixtureTraces;

namespace TraceBackend.Storage.Cassandra.Tests.Search;

public sealed class TraceSearchTests
{
    private static readonly TimeSpan s_ms = TimeSpan.FromMilliseconds(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task When_candidates_match_only_about_depth_traces_are_loaded()
    {
        var tables = new InMemoryTraceTables();
        await using var store = new CassandraTraceStore(tables, new CassandraStoreOptions { MaxConcurrentReads = 4 });
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        for (var i = 0; i < 40; i++)
        {
            await store.WriteAsync(Single(Id64(1000 + (ulong)i), Frontend, "op", start.AddSeconds(i), s_ms), Ct);
        }

        var found = await store.FindTracesAsync(new TraceQuery { ServiceName = Frontend, StartTimeMin = start.AddHours(-1), StartTimeMax = start.AddHours(1), SearchDepth = 5 }, Ct);

        Assert.Equal(Enumerable.Range(35, 5).Reverse().Select(i => Id64(1000 + (ulong)i)), found.Select(t => t.TraceId));
        Assert.Equal(5, tables.Calls(nameof(InMemoryTraceTables.ReadTraceAsync)));
        Assert.Equal(1, tables.Calls(nameof(InMemoryTraceTables.ReadServiceNameIndexAsync)));
    }

    [Fact]
    public async Task A_trace_ranks_by_its_latest_matching_span_not_its_newest_index_row()
    {
        var tables = new InMemoryTraceTables();
        await using var store = new CassandraTraceStore(tables, new CassandraStoreOptions { MaxConcurrentReads = 1 });
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        // Trace 1's newest frontend span (t+50 s) fails the duration filter; its matching span starts at t+0.
        var first = new TraceBuilder(Id64(1), start);
        first.Span(Frontend, "slow", TimeSpan.Zero, TimeSpan.FromSeconds(2));
        first.Span(Frontend, "fast", TimeSpan.FromSeconds(50), s_ms);
        await store.WriteAsync(first.Build(), Ct);
        await store.WriteAsync(Single(Id64(2), Frontend, "slow", start.AddSeconds(10), TimeSpan.FromSeconds(2)), Ct);

        var query = new TraceQuery { ServiceName = Frontend, StartTimeMin = start.AddHours(-1), StartTimeMax = start.AddHours(1), DurationMin = TimeSpan.FromSeconds(1), SearchDepth = 1 };
        var found = await store.FindTracesAsync(query, Ct);

        Assert.Equal([Id64(2)], found.Select(t => t.TraceId));
    }

    [Fact]
    public async Task The_trace_budget_bounds_the_loads_of_a_search()
    {
        var tables = new InMemoryTraceTables();
        await using var store = new CassandraTraceStore(tables, new CassandraStoreOptions { MaxConcurrentReads = 2, SearchTraceBudget = 6 });
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        for (var i = 0; i < 30; i++)
        {
            var meta = AttributeValue.KvList([new KeyValue("i", AttributeValue.Int(i))]);
            await store.WriteAsync(Single(Id64(2000 + (ulong)i), Frontend, "op", start.AddSeconds(i), s_ms, s => s.Attr("meta", meta)), Ct);
        }

        // A JSON-object tag value has no tag_index row, so candidates come from the service index, newest first; the
        // only match is the oldest trace, behind 29 others.
        var query = new TraceQuery
        {
            ServiceName = Frontend,
            StartTimeMin = start.AddHours(-1),
            StartTimeMax = start.AddHours(1),
            Attributes = new Dictionary<string, string> { ["meta"] = "{\"i\":0}" },
            SearchDepth = 1,
        };

        Assert.Empty(await store.FindTracesAsync(query, Ct));
        Assert.Equal(6, tables.Calls(nameof(InMemoryTraceTables.ReadTraceAsync)));
        Assert.Equal([Id64(2000)], (await store.FindTracesAsync(query with { StartTimeMax = start.AddSeconds(3) }, Ct)).Select(t => t.TraceId));
    }
}
