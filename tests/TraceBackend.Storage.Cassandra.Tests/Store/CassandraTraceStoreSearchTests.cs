using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Tests.Support;
using TraceBackend.Storage.Conformance;
using static TraceBackend.Storage.Conformance.FixtureTraces;

namespace TraceBackend.Storage.Cassandra.Tests.Store;

/// <summary>Searches Jaeger's Cassandra reader cannot answer, or answers approximately (reference §3.6).</summary>
public sealed class CassandraTraceStoreSearchTests : IAsyncDisposable
{
    private static readonly TimeSpan s_ms = TimeSpan.FromMilliseconds(1);
    private readonly InMemoryTraceTables _tables = new();
    private readonly CassandraTraceStore _store;
    private readonly DateTimeOffset _base;

    public CassandraTraceStoreSearchTests()
    {
        _store = new CassandraTraceStore(_tables, new CassandraStoreOptions());
        var now = DateTimeOffset.UtcNow;
        _base = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero).AddHours(-3);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    private TraceQuery Window() => new() { StartTimeMin = _base.AddHours(-2), StartTimeMax = _base.AddHours(2) };

    private async Task<List<TraceId>> FindAsync(TraceQuery query) => [.. (await _store.FindTracesAsync(query, Ct)).Select(t => t.TraceId)];

    private Task WriteAsync(params IReadOnlyList<Span>[] batches) => Task.WhenAll(batches.Select(b => _store.WriteAsync(b, Ct).AsTask()));

    [Fact]
    public async Task Tags_and_duration_together_must_hold_on_one_span()
    {
        // 1: slow span with the tag. 2: tag on a fast span, slow span without it. 3: slow, wrong tag value.
        var mixed = new TraceBuilder(Id64(2), _base.AddMinutes(2));
        mixed.Span(Frontend, "fast", TimeSpan.Zero, s_ms).Attr("http.status_code", 500L);
        mixed.Span(Frontend, "slow", s_ms, TimeSpan.FromSeconds(2));
        await WriteAsync(
            Single(Id64(1), Frontend, "slow", _base.AddMinutes(1), TimeSpan.FromSeconds(2), s => s.Attr("http.status_code", 500L)),
            mixed.Build(),
            Single(Id64(3), Frontend, "slow", _base.AddMinutes(3), TimeSpan.FromSeconds(3), s => s.Attr("http.status_code", 200L)));

        var found = await FindAsync(Window() with { ServiceName = Frontend, Attributes = new Dictionary<string, string> { ["http.status_code"] = "500" }, DurationMin = TimeSpan.FromSeconds(1) });

        Assert.Equal([Id64(1)], found);
    }

    [Fact]
    public async Task Duration_search_checks_operation_tags_and_window_in_memory_across_hour_buckets()
    {
        await WriteAsync(
            Single(Id64(10), Frontend, "a", _base.AddMinutes(-80), TimeSpan.FromSeconds(5)),
            Single(Id64(11), Frontend, "a", _base.AddMinutes(40), TimeSpan.FromSeconds(5)),
            Single(Id64(12), Frontend, "b", _base.AddMinutes(50), TimeSpan.FromSeconds(5)),
            Single(Id64(13), Frontend, "a", _base.AddMinutes(55), TimeSpan.FromMilliseconds(5)),
            Single(Id64(14), Frontend, "a", _base.AddHours(5), TimeSpan.FromSeconds(5)));

        var slow = Window() with { ServiceName = Frontend, DurationMin = TimeSpan.FromSeconds(1) };

        Assert.Equal([Id64(12), Id64(11), Id64(10)], await FindAsync(slow));
        Assert.Equal([Id64(11), Id64(10)], await FindAsync(slow with { OperationName = "a" }));
        Assert.Equal([Id64(11)], await FindAsync(slow with { OperationName = "a", SearchDepth = 1 }));
        Assert.Equal([Id64(13)], await FindAsync(Window() with { ServiceName = Frontend, DurationMax = TimeSpan.FromMilliseconds(5) }));
    }

    [Fact]
    public async Task Results_are_the_newest_matches_even_behind_many_non_matching_index_rows()
    {
        // One old match, then 50 newer traces of the same operation that fail the duration filter: Jaeger's
        // limit × 3 read of the operation index would never reach the match.
        var batches = new List<IReadOnlyList<Span>> { Single(Id64(100), Frontend, "op", _base, TimeSpan.FromSeconds(3), s => s.Attr("team", "x")) };
        for (var i = 1; i <= 50; i++)
        {
            batches.Add(Single(Id64(100 + (ulong)i), Frontend, "op", _base.AddSeconds(i), s_ms, s => s.Attr("team", "x")));
        }

        await WriteAsync([.. batches]);
        var query = Window() with { ServiceName = Frontend, Attributes = new Dictionary<string, string> { ["team"] = "x" }, DurationMin = TimeSpan.FromSeconds(1), SearchDepth = 1 };

        Assert.Equal([Id64(100)], await FindAsync(query));
        Assert.True(_tables.Calls(nameof(InMemoryTraceTables.ReadTagIndexAsync)) > 1, "the tag index was read past its first limit × 3 rows");
    }

    [Fact]
    public async Task Tags_the_index_cannot_hold_are_found_through_another_index()
    {
        var meta = AttributeValue.KvList([new KeyValue("k", AttributeValue.String("v"))]);
        await WriteAsync(
            Single(Id64(20), Frontend, "op", _base.AddMinutes(1), s_ms, s => s.Attr("meta", meta)),
            Single(Id64(21), Frontend, "op", _base.AddMinutes(2), s_ms, s => s.Attr("meta", "other")));

        var found = await FindAsync(Window() with { ServiceName = Frontend, Attributes = new Dictionary<string, string> { ["meta"] = meta.ToString() } });

        Assert.Equal([Id64(20)], found);
        Assert.Equal(0, _tables.Calls(nameof(InMemoryTraceTables.ReadTagIndexAsync)));
    }

    [Fact]
    public async Task Float_tags_match_in_their_string_form_although_the_index_holds_Go_form()
    {
        await WriteAsync(
            Single(Id64(25), Frontend, "op", _base, s_ms, s => s.Attr("big", 1e21)),
            Single(Id64(26), Frontend, "op", _base.AddMinutes(1), s_ms, s => s.Attr("big", 2e21)));

        Assert.Equal([Id64(25)], await FindAsync(Window() with { ServiceName = Frontend, Attributes = new Dictionary<string, string> { ["big"] = AttributeValue.Double(1e21).ToString() } }));
        Assert.Equal(0, _tables.Calls(nameof(InMemoryTraceTables.ReadTagIndexAsync)));
    }

    [Fact]
    public async Task Tag_searches_still_work_when_log_fields_are_not_indexed()
    {
        await using var store = new CassandraTraceStore(_tables, new CassandraStoreOptions { IndexLogs = false });
        await store.WriteAsync(Single(Id64(30), Frontend, "op", _base, s_ms, s => s.Event("exception", TimeSpan.Zero, Kv("exception.type", "Timeout"))), Ct);

        var found = await store.FindTracesAsync(Window() with { ServiceName = Frontend, Attributes = new Dictionary<string, string> { ["exception.type"] = "Timeout" } }, Ct);

        Assert.Equal([Id64(30)], found.Select(t => t.TraceId));
    }

    [Fact]
    public async Task Search_without_service_merges_services_by_latest_matching_span()
    {
        var shared = new TraceBuilder(Id64(40), _base);
        var root = shared.Span(Frontend, "root", TimeSpan.Zero, 10 * s_ms).Attr("env", "prod");
        shared.Span(Backend, "child", TimeSpan.FromMinutes(10), s_ms).ChildOf(root).Attr("env", "prod");
        await WriteAsync(
            shared.Build(),
            Single(Id64(41), Database, "q", _base.AddMinutes(5), s_ms, s => s.Attr("env", "prod")),
            Single(Id64(42), Frontend, "q", _base.AddMinutes(20), s_ms, s => s.Attr("env", "dev")));

        var prod = Window() with { Attributes = new Dictionary<string, string> { ["env"] = "prod" } };

        Assert.Equal([Id64(40), Id64(41)], await FindAsync(prod));
        Assert.Equal([Id64(40)], await FindAsync(prod with { SearchDepth = 1 }));
        Assert.Equal([Id64(42), Id64(40), Id64(41)], await FindAsync(Window()));
    }

    [Fact]
    public async Task Inverted_ranges_find_nothing()
    {
        await WriteAsync(Single(Id64(50), Frontend, "op", _base, s_ms));

        Assert.Empty(await FindAsync(new TraceQuery { ServiceName = Frontend, StartTimeMin = _base.AddHours(1), StartTimeMax = _base }));
        Assert.Empty(await FindAsync(Window() with { ServiceName = Frontend, DurationMin = TimeSpan.FromSeconds(2), DurationMax = TimeSpan.FromSeconds(1) }));
    }

    [Fact]
    public async Task Scan_yields_every_trace_with_a_span_starting_in_the_period_even_with_equal_start_times()
    {
        // Three traces of one service with the same µs start: service_name_index keeps one row per (bucket, start).
        await WriteAsync(
            Single(Id64(60), Frontend, "op", _base, s_ms),
            Single(Id64(61), Frontend, "op", _base, s_ms),
            Single(Id64(62), Frontend, "op", _base, s_ms),
            Single(Id64(63), Backend, "op", _base.AddMinutes(45), s_ms),
            Single(Id64(64), Backend, "op", _base.AddHours(1), s_ms));

        var ids = new HashSet<TraceId>();
        await foreach (var id in _store.ScanTraceIdsAsync(_base, _base.AddHours(1), Ct))
        {
            ids.Add(id);
        }

        Assert.Equal([Id64(60), Id64(61), Id64(62), Id64(63)], ids.Order());
    }

    [Fact]
    public async Task Dependency_windows_include_both_ends_and_read_every_day_bucket()
    {
        var day = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await _store.WriteDependenciesAsync(day.AddHours(-1), [new DependencyLink("a", "b", 1)], Ct);
        await _store.WriteDependenciesAsync(day.AddHours(1), [new DependencyLink("a", "b", 2), new DependencyLink("b", "c", 5)], Ct);
        await _store.WriteDependenciesAsync(day.AddDays(1), [new DependencyLink("a", "b", 4)], Ct);

        var links = await _store.GetDependenciesAsync(day.AddDays(1), TimeSpan.FromHours(25), Ct);

        Assert.Equal(["a->b:7", "b->c:5"], links.Select(l => $"{l.Parent}->{l.Child}:{l.CallCount}").Order(StringComparer.Ordinal));
    }
}
