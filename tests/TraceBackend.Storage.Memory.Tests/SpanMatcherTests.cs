using TraceBackend.Model;
using TraceBackend.Storage.Conformance;
using static TraceBackend.Storage.Conformance.FixtureTraces;

namespace TraceBackend.Storage.Memory.Tests;

/// <summary>Unit tests of the shared <see cref="SpanMatcher"/> (TraceBackend.Storage).</summary>
public class SpanMatcherTests
{
    private static readonly DateTimeOffset s_start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static SpanBuilder NewSpan(Resource? resource = null, string name = "op", TimeSpan? duration = null) =>
        new(Id64(1), new SpanId(1), resource ?? Service("svc"), name, s_start, duration ?? TimeSpan.FromMilliseconds(10));

    private static TraceQuery Query(params (string Key, string Value)[] tags) => new()
    {
        StartTimeMin = s_start.AddMinutes(-1),
        StartTimeMax = s_start.AddMinutes(1),
        Attributes = tags.ToDictionary(t => t.Key, t => t.Value),
    };

    private static bool Matches(Span span, TraceQuery query) => new SpanMatcher(query).Matches(span);

    [Fact]
    public void Service_and_operation_are_exact_and_empty_means_any()
    {
        var span = NewSpan(name: "GET /x").Build();

        Assert.True(Matches(span, Query() with { ServiceName = "svc", OperationName = "GET /x" }));
        Assert.True(Matches(span, Query() with { ServiceName = "", OperationName = "" }));
        Assert.False(Matches(span, Query() with { ServiceName = "SVC" }));
        Assert.False(Matches(span, Query() with { OperationName = "GET /x/" }));
    }

    [Fact]
    public void Start_and_duration_bounds_are_inclusive()
    {
        var span = NewSpan(duration: TimeSpan.FromMilliseconds(10)).Build();
        var tick = TimeSpan.FromTicks(1);

        Assert.True(Matches(span, new TraceQuery { StartTimeMin = s_start, StartTimeMax = s_start }));
        Assert.False(Matches(span, new TraceQuery { StartTimeMin = s_start + tick, StartTimeMax = s_start.AddHours(1) }));
        Assert.False(Matches(span, new TraceQuery { StartTimeMin = s_start.AddHours(-1), StartTimeMax = s_start - tick }));
        Assert.True(Matches(span, Query() with { DurationMin = TimeSpan.FromMilliseconds(10), DurationMax = TimeSpan.FromMilliseconds(10) }));
        Assert.False(Matches(span, Query() with { DurationMin = TimeSpan.FromMilliseconds(10) + tick }));
        Assert.False(Matches(span, Query() with { DurationMax = TimeSpan.FromMilliseconds(10) - tick }));
    }

    [Theory]
    [InlineData("s", "text", true)]
    [InlineData("s", "Text", false)]
    [InlineData("i", "-42", true)]
    [InlineData("i", "-42.0", false)]
    [InlineData("b", "true", true)]
    [InlineData("b", "True", false)]
    [InlineData("d", "2.5", true)]
    [InlineData("bytes", "AQI=", true)]
    [InlineData("arr", "[\"a\",1]", true)]
    [InlineData("map", "{\"k\":\"v\"}", true)]
    [InlineData("missing", "x", false)]
    public void Span_attributes_match_by_string_form(string key, string value, bool expected)
    {
        var span = NewSpan()
            .Attr("s", "text").Attr("i", -42L).Attr("b", true).Attr("d", 2.5).Attr("bytes", new byte[] { 1, 2 })
            .Attr("arr", AttributeValue.Array([AttributeValue.String("a"), AttributeValue.Int(1)]))
            .Attr("map", AttributeValue.KvList([Kv("k", "v")]))
            .Build();

        Assert.Equal(expected, SpanMatcher.HasTag(span, key, value));
    }

    [Fact]
    public void Resource_and_event_attributes_and_event_names_match()
    {
        var span = NewSpan(Service("svc", Kv("host.name", "h1")))
            .Event("cache.miss", TimeSpan.Zero, Kv("cache.key", "k7"))
            .Build();

        Assert.True(SpanMatcher.HasTag(span, "host.name", "h1"));
        Assert.True(SpanMatcher.HasTag(span, "service.name", "svc"));
        Assert.True(SpanMatcher.HasTag(span, "cache.key", "k7"));
        Assert.True(SpanMatcher.HasTag(span, "event", "cache.miss"));
        Assert.False(SpanMatcher.HasTag(span, "event", "other"));
        Assert.False(SpanMatcher.HasTag(span, "host.name", "h2"));
    }

    [Fact]
    public void Synthesized_tags_follow_status_kind_scope_and_trace_state()
    {
        var error = NewSpan().Kind(SpanKind.Server).Error("boom").Scope(new InstrumentationScope("lib", "1.0")).TraceState("a=b").Build();
        var ok = NewSpan().Kind(SpanKind.Unspecified).Status(StatusCode.Ok).Build();

        Assert.True(SpanMatcher.HasTag(error, "error", "true"));
        Assert.False(SpanMatcher.HasTag(error, "error", "false"));
        Assert.False(SpanMatcher.HasTag(ok, "error", "true"));
        Assert.True(SpanMatcher.HasTag(error, "span.kind", "server"));
        Assert.False(SpanMatcher.HasTag(ok, "span.kind", ""));
        Assert.True(SpanMatcher.HasTag(error, "otel.status_code", "ERROR"));
        Assert.True(SpanMatcher.HasTag(ok, "otel.status_code", "OK"));
        Assert.True(SpanMatcher.HasTag(error, "otel.status_description", "boom"));
        Assert.False(SpanMatcher.HasTag(ok, "otel.status_description", ""));
        Assert.True(SpanMatcher.HasTag(error, "otel.scope.name", "lib"));
        Assert.True(SpanMatcher.HasTag(error, "otel.library.version", "1.0"));
        Assert.True(SpanMatcher.HasTag(error, "w3c.tracestate", "a=b"));
        Assert.False(SpanMatcher.HasTag(ok, "w3c.tracestate", ""));
    }

    [Fact]
    public void Every_tag_must_match_the_same_span()
    {
        var span = NewSpan().Attr("k1", "v1").Attr("k2", "v2").Build();

        Assert.True(Matches(span, Query(("k1", "v1"), ("k2", "v2"))));
        Assert.False(Matches(span, Query(("k1", "v1"), ("k2", "other"))));
    }

    [Fact]
    public void Exposes_the_window_in_unix_nanoseconds()
    {
        var matcher = new SpanMatcher(new TraceQuery { StartTimeMin = DateTimeOffset.UnixEpoch.AddTicks(5), StartTimeMax = DateTimeOffset.UnixEpoch.AddSeconds(2) });

        Assert.Equal(500UL, matcher.StartMinNanos);
        Assert.Equal(2_000_000_000UL, matcher.StartMaxNanos);
    }
}
