using System.Collections.Immutable;
using System.Text.Json;
using TraceBackend.Model;
using TraceBackend.Query.Json;
using TraceBackend.Query.Tests.Support;
using static TraceBackend.Query.Tests.Support.TestSpans;

namespace TraceBackend.Query.Tests.Json;

public sealed class JaegerTraceWriterTests
{
    private static JsonElement Render(TraceId id, params Span[] spans) =>
        JsonHelpers.Render(w => JaegerTraceWriter.WriteTrace(w, new Trace(id, spans)));

    [Fact]
    public void Trace_and_span_fields_have_jaeger_names_types_and_order()
    {
        var span = Span(Trace128, 0x00f067aa0ba902b7, Resource("frontend"), name: "HTTP GET /dispatch");
        var json = Render(Trace128, span);
        Assert.Equal(["traceID", "spans", "processes", "warnings"], json.Names());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", json.GetProperty("traceID").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("warnings").ValueKind);

        var s = json.GetProperty("spans")[0];
        Assert.Equal(["traceID", "spanID", "operationName", "references", "startTime", "duration", "tags", "logs", "processID", "warnings"], s.Names());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", s.GetProperty("traceID").GetString());
        Assert.Equal("00f067aa0ba902b7", s.GetProperty("spanID").GetString());
        Assert.Equal("HTTP GET /dispatch", s.GetProperty("operationName").GetString());
        Assert.Equal(JsonValueKind.Number, s.GetProperty("startTime").ValueKind);
        Assert.Equal(1_718_000_000_123_456L, s.GetProperty("startTime").GetInt64());
        Assert.Equal(250_000L, s.GetProperty("duration").GetInt64());
        Assert.Equal(0, s.GetProperty("references").GetArrayLength());
        Assert.Equal(0, s.GetProperty("tags").GetArrayLength());
        Assert.Equal(0, s.GetProperty("logs").GetArrayLength());
        Assert.Equal("p1", s.GetProperty("processID").GetString());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("warnings").ValueKind);
    }

    [Fact]
    public void Flags_are_the_w3c_trace_flags_without_the_otlp_remote_bits()
    {
        // The OpenTelemetry .NET SDK sends 0x101: sampled + "has is-remote" marker.
        var span = new Span { TraceId = Trace64, SpanId = new SpanId(1), Flags = 0x301, Resource = Resource("a") };
        Assert.Equal(1, Render(Trace64, span).GetProperty("spans")[0].GetProperty("flags").GetInt32());
        var remoteOnly = new Span { TraceId = Trace64, SpanId = new SpanId(1), Flags = 0x100, Resource = Resource("a") };
        Assert.False(Render(Trace64, remoteOnly).GetProperty("spans")[0].TryGetProperty("flags", out _));
    }

    [Fact]
    public void Flags_are_written_only_when_set_and_warnings_as_array()
    {
        var span = new Span
        {
            TraceId = Trace64,
            SpanId = new SpanId(1),
            Flags = 1,
            Resource = Resource("a"),
            Warnings = ["w1", "w2"],
        };
        var s = Render(Trace64, span).GetProperty("spans")[0];
        Assert.Equal(1, s.GetProperty("flags").GetInt32());
        Assert.Equal(["w1", "w2"], s.GetProperty("warnings").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Sixty_four_bit_trace_ids_render_as_16_hex_also_in_references()
    {
        var child = Span(Trace64, 2, Resource("a"), parent: 1);
        var json = Render(Trace64, child);
        Assert.Equal("00f067aa0ba902b7", json.GetProperty("traceID").GetString());
        var s = json.GetProperty("spans")[0];
        Assert.Equal("00f067aa0ba902b7", s.GetProperty("traceID").GetString());
        var reference = s.GetProperty("references")[0];
        Assert.Equal(["refType", "traceID", "spanID"], reference.Names());
        Assert.Equal("CHILD_OF", reference.GetProperty("refType").GetString());
        Assert.Equal("00f067aa0ba902b7", reference.GetProperty("traceID").GetString());
        Assert.Equal("0000000000000001", reference.GetProperty("spanID").GetString());
    }

    [Fact]
    public void Processes_are_deduplicated_by_service_and_tags_in_first_appearance_order()
    {
        var web1 = Resource("frontend", Str("host.name", "web-1"));
        var web1Copy = Resource("frontend", Str("host.name", "web-1"));
        var web2 = Resource("frontend", Str("host.name", "web-2"));
        var db = Resource("mysql");
        var json = Render(
            Trace128,
            Span(Trace128, 1, db),
            Span(Trace128, 2, web1),
            Span(Trace128, 3, web1Copy),
            Span(Trace128, 4, web2),
            Span(Trace128, 5, db));
        var ids = json.GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("processID").GetString()).ToArray();
        Assert.Equal(["p1", "p2", "p2", "p3", "p1"], ids);
        var processes = json.GetProperty("processes");
        Assert.Equal(["p1", "p2", "p3"], processes.Names());
        Assert.Equal(["serviceName", "tags"], processes.GetProperty("p1").Names());
        Assert.Equal("mysql", processes.GetProperty("p1").GetProperty("serviceName").GetString());
        Assert.Equal(0, processes.GetProperty("p1").GetProperty("tags").GetArrayLength());
        var p2Tags = processes.GetProperty("p2").GetProperty("tags");
        Assert.Equal(["host.name"], p2Tags.Keys());
        Assert.Equal("web-1", p2Tags.Tag("host.name").GetProperty("value").GetString());
        Assert.Equal("web-2", processes.GetProperty("p3").GetProperty("tags").Tag("host.name").GetProperty("value").GetString());
    }

    [Fact]
    public void Tags_follow_jaeger_order_with_synthesized_status_and_kind()
    {
        var span = new Span
        {
            TraceId = Trace128,
            SpanId = new SpanId(1),
            Kind = SpanKind.Client,
            Attributes = [Int("http.response.status_code", 500), Str("db.system", "mysql")],
            Status = new SpanStatus(StatusCode.Error, "timeout"),
            TraceState = "vendor=1",
            Scope = new InstrumentationScope("net/http", "1.2.0"),
            Resource = Resource("a"),
            DroppedAttributesCount = 3,
        };
        var tags = Render(Trace128, span).GetProperty("spans")[0].GetProperty("tags");
        Assert.Equal(
            ["otel.scope.name", "otel.scope.version", "http.response.status_code", "db.system", "span.kind", "otel.status_code", "error",
             "otel.status_description", "w3c.tracestate", "otel.dropped_attributes_count"],
            tags.Keys());
        Assert.Equal("client", tags.Tag("span.kind").GetProperty("value").GetString());
        Assert.Equal("ERROR", tags.Tag("otel.status_code").GetProperty("value").GetString());
        Assert.Equal("bool", tags.Tag("error").GetProperty("type").GetString());
        Assert.True(tags.Tag("error").GetProperty("value").GetBoolean());
        Assert.Equal("timeout", tags.Tag("otel.status_description").GetProperty("value").GetString());
        Assert.Equal(3, tags.Tag("otel.dropped_attributes_count").GetProperty("value").GetInt32());
    }

    [Fact]
    public void Ok_status_has_no_error_tag_and_unset_status_no_tags()
    {
        var ok = new Span { TraceId = Trace128, SpanId = new SpanId(1), Resource = Resource("a"), Status = new SpanStatus(StatusCode.Ok, "") };
        var tags = Render(Trace128, ok).GetProperty("spans")[0].GetProperty("tags");
        Assert.Equal(["otel.status_code"], tags.Keys());
        Assert.Equal("OK", tags.Tag("otel.status_code").GetProperty("value").GetString());
        Assert.Equal(0, Render(Trace128, Span(Trace128, 1, Resource("a"))).GetProperty("spans")[0].GetProperty("tags").GetArrayLength());
    }

    [Fact]
    public void Links_become_references_after_the_parent()
    {
        var other = new TraceId(0, 0xabc);
        var span = new Span
        {
            TraceId = Trace128,
            SpanId = new SpanId(2),
            ParentSpanId = new SpanId(1),
            Resource = Resource("a"),
            Links =
            [
                new SpanLink { TraceId = other, SpanId = new SpanId(7) },
                new SpanLink { TraceId = Trace128, SpanId = new SpanId(8), Attributes = [Str("opentracing.ref_type", "child_of")] },
                new SpanLink { TraceId = Trace128, SpanId = new SpanId(9), Attributes = [Str("opentracing.ref_type", "follows_from")] },
            ],
        };
        var refs = Render(Trace128, span).GetProperty("spans")[0].GetProperty("references");
        Assert.Equal(4, refs.GetArrayLength());
        Assert.Equal(("CHILD_OF", "0000000000000001"), (refs[0].GetProperty("refType").GetString(), refs[0].GetProperty("spanID").GetString()));
        Assert.Equal("FOLLOWS_FROM", refs[1].GetProperty("refType").GetString());
        Assert.Equal("0000000000000abc", refs[1].GetProperty("traceID").GetString());
        Assert.Equal("CHILD_OF", refs[2].GetProperty("refType").GetString());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", refs[2].GetProperty("traceID").GetString());
        Assert.Equal("FOLLOWS_FROM", refs[3].GetProperty("refType").GetString());
    }

    [Fact]
    public void Link_to_the_parent_overrides_the_parent_reference_type()
    {
        var span = new Span
        {
            TraceId = Trace128,
            SpanId = new SpanId(2),
            ParentSpanId = new SpanId(1),
            Resource = Resource("a"),
            Links = [new SpanLink { TraceId = Trace128, SpanId = new SpanId(1) }],
        };
        var refs = Render(Trace128, span).GetProperty("spans")[0].GetProperty("references");
        var only = Assert.Single(refs.EnumerateArray());
        Assert.Equal("FOLLOWS_FROM", only.GetProperty("refType").GetString());
        Assert.Equal("0000000000000001", only.GetProperty("spanID").GetString());
    }

    [Fact]
    public void Events_become_logs_with_event_field_first()
    {
        var span = new Span
        {
            TraceId = Trace128,
            SpanId = new SpanId(1),
            Resource = Resource("a"),
            Events =
            [
                new SpanEvent { TimeUnixNano = 1_718_000_000_200_000_999, Name = "cache miss", Attributes = [Str("key", "k1")] },
                new SpanEvent { TimeUnixNano = 1_718_000_000_300_000_000, Name = "named", Attributes = [Str("event", "explicit")] },
                new SpanEvent { TimeUnixNano = 1_718_000_000_400_000_000, Attributes = [Int("n", 1)] },
            ],
        };
        var logs = Render(Trace128, span).GetProperty("spans")[0].GetProperty("logs");
        Assert.Equal(["timestamp", "fields"], logs[0].Names());
        Assert.Equal(JsonValueKind.Number, logs[0].GetProperty("timestamp").ValueKind);
        Assert.Equal(1_718_000_000_200_000L, logs[0].GetProperty("timestamp").GetInt64());
        Assert.Equal(["event", "key"], logs[0].GetProperty("fields").Keys());
        Assert.Equal("cache miss", logs[0].GetProperty("fields").Tag("event").GetProperty("value").GetString());
        Assert.Equal(["event"], logs[1].GetProperty("fields").Keys());
        Assert.Equal("explicit", logs[1].GetProperty("fields").Tag("event").GetProperty("value").GetString());
        Assert.Equal(["n"], logs[2].GetProperty("fields").Keys());
    }

    [Fact]
    public void Process_tags_exclude_service_name_and_keep_types()
    {
        var resource = new Resource(
        [
            Int("process.pid", 1234),
            new KeyValue("service.name", AttributeValue.String("svc")),
            new KeyValue("up", AttributeValue.Bool(true)),
        ]);
        var p1 = Render(Trace128, Span(Trace128, 1, resource)).GetProperty("processes").GetProperty("p1");
        Assert.Equal("svc", p1.GetProperty("serviceName").GetString());
        Assert.Equal(["process.pid", "up"], p1.GetProperty("tags").Keys());
        Assert.Equal("int64", p1.GetProperty("tags").Tag("process.pid").GetProperty("type").GetString());
    }
}
