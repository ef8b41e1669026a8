using TraceBackend.Model;
using static TraceBackend.Storage.Conformance.FixtureTraces;

namespace TraceBackend.Storage.Conformance;

public abstract partial class StorageConformanceTests
{
    private static readonly TimeSpan s_oneMs = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task Find_by_service_returns_traces_with_a_span_of_that_service()
    {
        await WriteAsync(
            Rich(Id64(100), At(0)),
            Single(Id64(101), Backend, "alone", At(10), s_oneMs),
            Single(Id64(102), "elsewhere", "alone", At(20), s_oneMs));

        Assert.Equal([Id64(101), Id64(100)], await FindIdsAsync(Window() with { ServiceName = Backend }));
        Assert.Equal([Id64(102)], await FindIdsAsync(Window() with { ServiceName = "elsewhere" }));
    }

    [Fact]
    public async Task Find_by_service_and_operation_needs_both_on_one_span()
    {
        var mixed = new TraceBuilder(Id64(110), At(0));
        mixed.Span("svc-a", "x", TimeSpan.Zero, s_oneMs);
        mixed.Span("svc-b", "y", s_oneMs, s_oneMs);
        await WriteAsync(mixed.Build(), Single(Id64(111), "svc-a", "y", At(10), s_oneMs));

        Assert.Equal([Id64(111)], await FindIdsAsync(Window() with { ServiceName = "svc-a", OperationName = "y" }));
        Assert.Equal([Id64(110)], await FindIdsAsync(Window() with { ServiceName = "svc-a", OperationName = "x" }));
        Assert.Empty(await FindIdsAsync(Window() with { ServiceName = "svc-a", OperationName = "z" }));
    }

    [Fact]
    public async Task Find_by_tag_on_span_attribute()
    {
        await WriteAsync(
            Single(Id64(120), Frontend, "op", At(0), s_oneMs, s => s.Attr("http.method", "POST")),
            Single(Id64(121), Frontend, "op", At(1), s_oneMs, s => s.Attr("http.method", "GET")));

        Assert.Equal([Id64(120)], await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("http.method", "POST")) }));
        Assert.Empty(await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("http.method", "post")) }));
    }

    [Fact]
    public async Task Find_by_tag_on_resource_attribute()
    {
        var trace = new TraceBuilder(Id64(130), At(0));
        trace.Span(Service(Frontend, Kv("host.name", "web-9")), "op", TimeSpan.Zero, s_oneMs);
        await WriteAsync(trace.Build(), Single(Id64(131), Frontend, "op", At(1), s_oneMs, s => s.Attr("host", "web-9")));

        Assert.Equal([Id64(130)], await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("host.name", "web-9")) }));
    }

    [Fact]
    public async Task Find_by_service_name_tag_matches_the_resource_service()
    {
        await WriteAsync(Single(Id64(135), Frontend, "op", At(0), s_oneMs), Single(Id64(136), Backend, "op", At(1), s_oneMs));

        Assert.Equal([Id64(135)], await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("service.name", Frontend)) }));
        Assert.Empty(await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("service.name", Backend)) }));
    }

    [Fact]
    public async Task Find_by_tag_on_event_attribute()
    {
        Assert.SkipUnless(Capabilities.SearchByEventAttributes, "backend does not search event attributes (ConformanceCapabilities.SearchByEventAttributes = false)");
        await WriteAsync(
            Single(Id64(140), Frontend, "op", At(0), s_oneMs, s => s.Event("exception", TimeSpan.Zero, Kv("exception.type", "Timeout"))),
            Single(Id64(141), Frontend, "op", At(1), s_oneMs, s => s.Event("exception", TimeSpan.Zero, Kv("exception.type", "Other"))));

        Assert.Equal([Id64(140)], await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("exception.type", "Timeout")) }));
    }

    [Fact]
    public async Task Find_by_synthesized_error_and_span_kind_tags()
    {
        await WriteAsync(
            Single(Id64(150), Frontend, "op", At(0), s_oneMs, s => s.Kind(SpanKind.Server).Error("boom")),
            Single(Id64(151), Frontend, "op", At(1), s_oneMs, s => s.Kind(SpanKind.Client).Status(StatusCode.Ok)),
            Single(Id64(152), Frontend, "op", At(2), s_oneMs, s => s.Kind(SpanKind.Server)));

        Assert.Equal([Id64(150)], await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("error", "true")) }));
        Assert.Equal([Id64(152), Id64(150)], await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("span.kind", "server")) }));
        Assert.Equal([Id64(151)], await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("span.kind", "client")) }));
        Assert.Equal([Id64(152)], await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("span.kind", "server")), SearchDepth = 1 }));
    }

    [Fact]
    public async Task All_tags_must_match_on_the_same_span()
    {
        Assert.SkipUnless(Capabilities.TagsMatchOnSameSpan, "backend matches each tag on any span of the trace (ConformanceCapabilities.TagsMatchOnSameSpan = false)");
        var split = new TraceBuilder(Id64(160), At(0));
        split.Span(Frontend, "a", TimeSpan.Zero, s_oneMs).Attr("k1", "v1");
        split.Span(Frontend, "b", s_oneMs, s_oneMs).Attr("k2", "v2");
        await WriteAsync(split.Build(), Single(Id64(161), Frontend, "c", At(10), s_oneMs, s => s.Attr("k1", "v1").Attr("k2", "v2")));

        Assert.Equal([Id64(161)], await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("k1", "v1"), ("k2", "v2")) }));
        Assert.Equal([Id64(161), Id64(160)], await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("k1", "v1")) }));
    }

    [Fact]
    public async Task Typed_tag_values_match_by_their_string_form()
    {
        await WriteAsync(
            Single(Id64(170), Frontend, "op", At(0), s_oneMs, s => s.Attr("http.status_code", 503L).Attr("cache.hit", true).Attr("ratio", 0.25)),
            Single(Id64(171), Frontend, "op", At(1), s_oneMs, s => s.Attr("http.status_code", 200L).Attr("cache.hit", false).Attr("ratio", 0.5)));

        Assert.Equal([Id64(170)], await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("http.status_code", "503")) }));
        Assert.Equal([Id64(170)], await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("cache.hit", "true")) }));
        Assert.Equal([Id64(171)], await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("cache.hit", "false")) }));
        Assert.Equal([Id64(170)], await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("ratio", "0.25")) }));
        Assert.Empty(await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("http.status_code", "503.0")) }));
    }

    [Fact]
    public async Task Time_window_bounds_are_inclusive()
    {
        var start = At(0).AddTicks(1230); // 123 µs past the second
        await WriteAsync(Single(Id64(180), Frontend, "op", start, s_oneMs));
        var micro = TimeSpan.FromTicks(10);

        Assert.Equal([Id64(180)], await FindIdsAsync(new TraceQuery { ServiceName = Frontend, StartTimeMin = start, StartTimeMax = start }));
        Assert.Empty(await FindIdsAsync(new TraceQuery { ServiceName = Frontend, StartTimeMin = start + micro, StartTimeMax = start.AddHours(1) }));
        Assert.Empty(await FindIdsAsync(new TraceQuery { ServiceName = Frontend, StartTimeMin = start.AddHours(-1), StartTimeMax = start - micro }));
    }

    [Fact]
    public async Task Duration_bounds_are_inclusive_and_optional()
    {
        await WriteAsync(
            Single(Id64(190), Frontend, "op", At(0), TimeSpan.FromMilliseconds(10)),
            Single(Id64(191), Frontend, "op", At(1), TimeSpan.FromMilliseconds(20)),
            Single(Id64(192), Frontend, "op", At(2), TimeSpan.FromMilliseconds(30)));
        var twenty = TimeSpan.FromMilliseconds(20);

        Assert.Equal([Id64(192), Id64(191)], await FindIdsAsync(Window() with { ServiceName = Frontend, DurationMin = twenty }));
        Assert.Equal([Id64(191), Id64(190)], await FindIdsAsync(Window() with { ServiceName = Frontend, DurationMax = twenty }));
        Assert.Equal([Id64(191)], await FindIdsAsync(Window() with { ServiceName = Frontend, DurationMin = twenty, DurationMax = twenty }));
        Assert.Empty(await FindIdsAsync(Window() with { ServiceName = Frontend, DurationMin = TimeSpan.FromMilliseconds(31) }));
    }

    [Fact]
    public async Task Search_depth_limits_the_result_to_the_newest_traces()
    {
        // Written oldest last so insertion order cannot stand in for start time.
        for (var i = 5; i >= 1; i--)
        {
            await WriteAsync(Single(Id64(200 + (ulong)i), Frontend, "op", At(i * 60), s_oneMs));
        }

        var found = await FindIdsAsync(Window() with { ServiceName = Frontend, SearchDepth = 3 });

        if (Capabilities.NewestFirstOrder)
        {
            Assert.Equal([Id64(205), Id64(204), Id64(203)], found);
        }
        else
        {
            Assert.Equal(3, found.Count);
        }
    }

    [Fact]
    public async Task Results_are_newest_first_by_latest_matching_span()
    {
        Assert.SkipUnless(Capabilities.NewestFirstOrder, "backend returns results unordered (ConformanceCapabilities.NewestFirstOrder = false)");
        // 210: matching span at +10 s, a later span of another service at +50 s. 211: matching span at +20 s.
        var early = new TraceBuilder(Id64(210), At(10));
        early.Span(Frontend, "op", TimeSpan.Zero, s_oneMs);
        early.Span(Backend, "late", TimeSpan.FromSeconds(40), s_oneMs);
        await WriteAsync(
            Single(Id64(211), Frontend, "op", At(20), s_oneMs),
            early.Build(),
            Single(Id64(212), Frontend, "op", At(5), s_oneMs));

        var found = await FindIdsAsync(Window() with { ServiceName = Frontend });

        Assert.True(found.SequenceEqual([Id64(211), Id64(210), Id64(212)]), Ids(found));
    }

    [Fact]
    public async Task Found_traces_are_returned_whole()
    {
        var rich = Rich(Id128(220), At(0));
        await WriteAsync(rich, Single(Id64(221), Frontend, "op", At(1), s_oneMs));

        var traces = await Store.FindTracesAsync(Window() with { ServiceName = Database, Attributes = Tags(("error", "true")) }, Ct);

        var trace = Assert.Single(traces);
        Assert.Equal(Id128(220), trace.TraceId);
        SpanAssert.Equivalent(AsStored(rich), trace.Spans);
    }

    [Fact]
    public async Task Search_without_service_finds_traces_of_every_service()
    {
        Assert.SkipUnless(Store.Capabilities.SearchWithoutServiceName, "store declares StorageCapabilities.SearchWithoutServiceName = false");
        await WriteAsync(
            Single(Id64(230), Frontend, "op", At(0), s_oneMs, s => s.Attr("team", "blue")),
            Single(Id64(231), Backend, "op", At(1), s_oneMs, s => s.Attr("team", "blue")),
            Single(Id64(232), Database, "op", At(2), s_oneMs, s => s.Attr("team", "red")));

        Assert.Equal([Id64(231), Id64(230)], await FindIdsAsync(Window() with { Attributes = Tags(("team", "blue")) }));
        Assert.Equal([Id64(232), Id64(231), Id64(230)], await FindIdsAsync(Window()));
        Assert.Equal([Id64(232), Id64(231)], await FindIdsAsync(Window() with { SearchDepth = 2 }));
    }

    [Fact]
    public async Task Search_without_service_is_rejected_when_unsupported()
    {
        Assert.SkipWhen(Store.Capabilities.SearchWithoutServiceName, "store supports search without service name");
        await WriteAsync(Single(Id64(240), Frontend, "op", At(0), s_oneMs));

        await Assert.ThrowsAsync<NotSupportedException>(async () => await Store.FindTracesAsync(Window(), Ct));
    }

    [Fact]
    public async Task Search_without_matches_returns_an_empty_list()
    {
        var empty = await Store.FindTracesAsync(Window() with { ServiceName = Frontend }, Ct);
        Assert.NotNull(empty);
        Assert.Empty(empty);

        await WriteAsync(Single(Id64(250), Frontend, "op", At(0), s_oneMs));

        Assert.Empty(await FindIdsAsync(Window() with { ServiceName = "unknown" }));
        Assert.Empty(await FindIdsAsync(Window() with { ServiceName = Frontend, OperationName = "other" }));
        Assert.Empty(await FindIdsAsync(Window() with { ServiceName = Frontend, Attributes = Tags(("missing", "x")) }));
        Assert.Empty(await FindIdsAsync(new TraceQuery { ServiceName = Frontend, StartTimeMin = At(3600), StartTimeMax = At(7200) }));
    }
}
