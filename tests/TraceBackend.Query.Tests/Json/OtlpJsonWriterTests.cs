using System.Text.Json;
using TraceBackend.Model;
using TraceBackend.Query.Json;
using TraceBackend.Query.Tests.Support;
using static TraceBackend.Query.Tests.Support.TestSpans;

namespace TraceBackend.Query.Tests.Json;

public sealed class OtlpJsonWriterTests
{
    private static JsonElement Render(params Trace[] traces) => JsonHelpers.Render(w => OtlpJsonWriter.WriteTracesData(w, traces));

    [Fact]
    public void Span_fields_follow_otlp_json_rules()
    {
        var span = new Span
        {
            TraceId = Trace64,
            SpanId = new SpanId(0x00f067aa0ba902b7),
            ParentSpanId = new SpanId(0xa),
            TraceState = "k=v",
            Flags = 1,
            Name = "HTTP GET",
            Kind = SpanKind.Server,
            StartTimeUnixNano = 1_718_000_000_123_456_000,
            EndTimeUnixNano = 1_718_000_000_373_456_000,
            Attributes = [Int("http.response.status_code", 200)],
            Events = [new SpanEvent { TimeUnixNano = 1_718_000_000_200_000_000, Name = "cache miss" }],
            Links = [new SpanLink { TraceId = Trace128, SpanId = new SpanId(3), Attributes = [Str("a", "b")] }],
            Status = new SpanStatus(StatusCode.Ok, ""),
            Resource = Resource("frontend"),
            Scope = new InstrumentationScope("net/http", "1.2.0"),
        };
        var s = Render(new Trace(Trace64, [span])).GetProperty("resourceSpans")[0].GetProperty("scopeSpans")[0].GetProperty("spans")[0];
        Assert.Equal(
            ["traceId", "spanId", "traceState", "parentSpanId", "flags", "name", "kind", "startTimeUnixNano", "endTimeUnixNano", "attributes", "events", "links", "status"],
            s.Names());
        Assert.Equal("000000000000000000f067aa0ba902b7", s.GetProperty("traceId").GetString());
        Assert.Equal("00f067aa0ba902b7", s.GetProperty("spanId").GetString());
        Assert.Equal("000000000000000a", s.GetProperty("parentSpanId").GetString());
        Assert.Equal(1, s.GetProperty("flags").GetInt32());
        Assert.Equal(2, s.GetProperty("kind").GetInt32());
        Assert.Equal("1718000000123456000", s.GetProperty("startTimeUnixNano").GetString());
        Assert.Equal("1718000000373456000", s.GetProperty("endTimeUnixNano").GetString());
        Assert.Equal("200", s.GetProperty("attributes")[0].GetProperty("value").GetProperty("intValue").GetString());
        Assert.Equal(["timeUnixNano", "name"], s.GetProperty("events")[0].Names());
        Assert.Equal("1718000000200000000", s.GetProperty("events")[0].GetProperty("timeUnixNano").GetString());
        Assert.Equal(["traceId", "spanId", "attributes"], s.GetProperty("links")[0].Names());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", s.GetProperty("links")[0].GetProperty("traceId").GetString());
        Assert.Equal(1, s.GetProperty("status").GetProperty("code").GetInt32());
    }

    [Fact]
    public void Zero_and_empty_fields_are_omitted_but_status_stays()
    {
        var span = new Span { TraceId = Trace128, SpanId = new SpanId(1), Resource = Model.Resource.EmptyResource };
        var rs = Render(new Trace(Trace128, [span])).GetProperty("resourceSpans")[0];
        Assert.Empty(rs.GetProperty("resource").Names());
        Assert.Empty(rs.GetProperty("scopeSpans")[0].GetProperty("scope").Names());
        var s = rs.GetProperty("scopeSpans")[0].GetProperty("spans")[0];
        Assert.Equal(["traceId", "spanId", "status"], s.Names());
        Assert.Empty(s.GetProperty("status").Names());
    }

    [Fact]
    public void Any_values_cover_every_type()
    {
        JsonElement V(AttributeValue v) => JsonHelpers.Render(w => OtlpJsonWriter.WriteAnyValue(w, v));
        Assert.Equal("x", V(AttributeValue.String("x")).GetProperty("stringValue").GetString());
        Assert.Equal("", V(AttributeValue.String("")).GetProperty("stringValue").GetString());
        Assert.True(V(AttributeValue.Bool(true)).GetProperty("boolValue").GetBoolean());
        Assert.Equal("9223372036854775807", V(AttributeValue.Int(long.MaxValue)).GetProperty("intValue").GetString());
        Assert.Equal("0", V(AttributeValue.Int(0)).GetProperty("intValue").GetString());
        Assert.Equal(JsonValueKind.Number, V(AttributeValue.Double(2.5)).GetProperty("doubleValue").ValueKind);
        Assert.Equal("NaN", V(AttributeValue.Double(double.NaN)).GetProperty("doubleValue").GetString());
        Assert.Equal("-Infinity", V(AttributeValue.Double(double.NegativeInfinity)).GetProperty("doubleValue").GetString());
        Assert.Equal("AQI=", V(AttributeValue.Bytes([1, 2])).GetProperty("bytesValue").GetString());
        var array = V(AttributeValue.Array([AttributeValue.String("a"), AttributeValue.Int(1)])).GetProperty("arrayValue").GetProperty("values");
        Assert.Equal("a", array[0].GetProperty("stringValue").GetString());
        Assert.Equal("1", array[1].GetProperty("intValue").GetString());
        var map = V(AttributeValue.KvList([Str("k", "v")])).GetProperty("kvlistValue").GetProperty("values");
        Assert.Equal("k", map[0].GetProperty("key").GetString());
        Assert.Equal("v", map[0].GetProperty("value").GetProperty("stringValue").GetString());
        Assert.Empty(V(AttributeValue.Empty).Names());
    }

    [Fact]
    public void Spans_are_grouped_by_resource_and_scope_across_traces()
    {
        var front = Resource("frontend");
        var frontCopy = Resource("frontend");
        var back = Resource("backend");
        var http = new InstrumentationScope("http", "1");
        var db = new InstrumentationScope("db", "1");
        var t2 = new TraceId(0, 2);
        var json = Render(
            new Trace(Trace128, [Span(Trace128, 1, front, scope: http), Span(Trace128, 2, back, scope: db), Span(Trace128, 3, front, scope: db)]),
            new Trace(t2, [Span(t2, 4, frontCopy, scope: new InstrumentationScope("http", "1"))]));
        var resourceSpans = json.GetProperty("resourceSpans");
        Assert.Equal(2, resourceSpans.GetArrayLength());
        var frontScopes = resourceSpans[0].GetProperty("scopeSpans");
        Assert.Equal("frontend", resourceSpans[0].GetProperty("resource").GetProperty("attributes")[0].GetProperty("value").GetProperty("stringValue").GetString());
        Assert.Equal(2, frontScopes.GetArrayLength());
        Assert.Equal("http", frontScopes[0].GetProperty("scope").GetProperty("name").GetString());
        Assert.Equal(["0000000000000001", "0000000000000004"], frontScopes[0].GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("spanId").GetString()));
        Assert.Equal(["0000000000000003"], frontScopes[1].GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("spanId").GetString()));
    }

    [Fact]
    public void Span_warnings_travel_as_jaeger_attribute()
    {
        var span = new Span { TraceId = Trace128, SpanId = new SpanId(1), Warnings = ["w"] };
        var attr = JsonHelpers.Render(w => OtlpJsonWriter.WriteSpan(w, span)).GetProperty("attributes")[0];
        Assert.Equal("@jaeger@warnings", attr.GetProperty("key").GetString());
        Assert.Equal("w", attr.GetProperty("value").GetProperty("arrayValue").GetProperty("values")[0].GetProperty("stringValue").GetString());
    }

    [Fact]
    public async Task Async_writer_yields_between_items_and_writes_the_same_json()
    {
        var a = Resource("a");
        var b = Resource("b");
        Trace[] traces = [new(Trace128, [Span(Trace128, 1, a), Span(Trace128, 2, b), Span(Trace128, 3, a)]), new(Trace64, [Span(Trace64, 4, b)])];
        var expected = JsonHelpers.RenderText(w => OtlpJsonWriter.WriteTracesData(w, traces));

        using var stream = new MemoryStream();
        var writer = new Utf8JsonWriter(stream);
        var depths = new List<int>();
        await OtlpJsonWriter.WriteTracesDataAsync(writer, traces, () =>
        {
            // Called only where the writer is between array items: after a span, or after a resourceSpans item.
            depths.Add(writer.CurrentDepth);
            writer.Flush();
            return ValueTask.CompletedTask;
        });
        await writer.DisposeAsync();

        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        Assert.Equal([6, 6, 2, 6, 6, 2], depths);
    }
}
