using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Jaeger.ApiV2;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using TraceBackend.Collector.Jaeger;
using TraceBackend.Otlp;
using static TraceBackend.Collector.Tests.Jaeger.JaegerTestData;
using ModelSpan = TraceBackend.Model.Span;
using OtlpKeyValue = OpenTelemetry.Proto.Common.V1.KeyValue;
using OtlpSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace TraceBackend.Collector.Tests.Jaeger;

/// <summary>
/// The same logical trace sent as OTLP and as Jaeger api_v2 (tagged as Jaeger's OTLP → Jaeger mapping, reference
/// §1.6, renders it) converts to equal model spans.
/// </summary>
public sealed class JaegerOtlpEquivalenceTests
{
    private const ulong BaseNanos = (ulong)BaseSeconds * 1_000_000_000;

    private static readonly ByteString s_traceId = TraceId(0x4bf92f3577b34da6, 0xa3ce929d0e0e4736);
    private static readonly ByteString s_otherTraceId = TraceId(0x1111, 0x2222);

    [Fact]
    public void OtlpAndJaegerFormsGiveEqualModelSpans()
    {
        var otlp = new OtlpConverter().Convert(OtlpRequest());
        var jaeger = new JaegerProtoConverter().Convert(JaegerBatch());

        Assert.Equal(0, otlp.RejectedSpans);
        Assert.Equal(0, jaeger.RejectedSpans);
        Assert.Equal(2, jaeger.Spans.Count);
        Assert.Equal(Describe(otlp.Spans), Describe(jaeger.Spans));
    }

    private static ExportTraceServiceRequest OtlpRequest()
    {
        var root = new OtlpSpan
        {
            TraceId = s_traceId,
            SpanId = SpanId(1),
            Name = "GET /dispatch",
            Kind = OtlpSpan.Types.SpanKind.Server,
            Flags = 1,
            TraceState = "rojo=00f067aa0ba902b7",
            StartTimeUnixNano = BaseNanos + 1000,
            EndTimeUnixNano = BaseNanos + 1000 + 250_000_000,
            Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" },
        };
        root.Attributes.Add(Attr("http.method", new AnyValue { StringValue = "GET" }));
        root.Attributes.Add(Attr("http.status_code", new AnyValue { IntValue = 500 }));
        root.Attributes.Add(Attr("retry", new AnyValue { BoolValue = false }));
        root.Attributes.Add(Attr("ratio", new AnyValue { DoubleValue = 0.25 }));
        root.Attributes.Add(Attr("blob", new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3) }));
        var evt = new OtlpSpan.Types.Event { Name = "cache miss", TimeUnixNano = BaseNanos + 2000 };
        evt.Attributes.Add(Attr("key", new AnyValue { StringValue = "k1" }));
        root.Events.Add(evt);

        var child = new OtlpSpan
        {
            TraceId = s_traceId,
            SpanId = SpanId(2),
            ParentSpanId = SpanId(1),
            Name = "SQL SELECT",
            Kind = OtlpSpan.Types.SpanKind.Client,
            Flags = 1,
            StartTimeUnixNano = BaseNanos + 5000,
            EndTimeUnixNano = BaseNanos + 9000,
            Status = new Status { Code = Status.Types.StatusCode.Ok },
        };
        var link = new OtlpSpan.Types.Link { TraceId = s_otherTraceId, SpanId = SpanId(9) };
        link.Attributes.Add(Attr("opentracing.ref_type", new AnyValue { StringValue = "follows_from" }));
        child.Links.Add(link);
        var unnamed = new OtlpSpan.Types.Event { TimeUnixNano = BaseNanos + 6000 };
        unnamed.Attributes.Add(Attr("rows", new AnyValue { IntValue = 3 }));
        child.Events.Add(unnamed);

        var scopeSpans = new ScopeSpans { Scope = new OpenTelemetry.Proto.Common.V1.InstrumentationScope { Name = "net/http", Version = "1.2.0" } };
        scopeSpans.Spans.Add(root);
        scopeSpans.Spans.Add(child);
        var resource = new OpenTelemetry.Proto.Resource.V1.Resource();
        resource.Attributes.Add(Attr("service.name", new AnyValue { StringValue = "frontend" }));
        resource.Attributes.Add(Attr("ip", new AnyValue { StringValue = "10.0.0.1" }));
        resource.Attributes.Add(Attr("host.name", new AnyValue { StringValue = "box-1" }));
        resource.Attributes.Add(Attr("opencensus.exporterversion", new AnyValue { StringValue = "Jaeger-Go-2.30.0" }));
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scopeSpans);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    private static Batch JaegerBatch()
    {
        var root = new global::Jaeger.ApiV2.Span
        {
            TraceId = s_traceId,
            SpanId = SpanId(1),
            OperationName = "GET /dispatch",
            Flags = 1,
            StartTime = new Timestamp { Seconds = BaseSeconds, Nanos = 1000 },
            Duration = new Duration { Nanos = 250_000_000 },
        };
        root.Tags.Add(Str("otel.scope.name", "net/http"));
        root.Tags.Add(Str("otel.scope.version", "1.2.0"));
        root.Tags.Add(Str("http.method", "GET"));
        root.Tags.Add(Int("http.status_code", 500));
        root.Tags.Add(Bool("retry", false));
        root.Tags.Add(Double("ratio", 0.25));
        root.Tags.Add(Binary("blob", 1, 2, 3));
        root.Tags.Add(Str("span.kind", "server"));
        root.Tags.Add(Str("otel.status_code", "ERROR"));
        root.Tags.Add(Bool("error", true));
        root.Tags.Add(Str("otel.status_description", "boom"));
        root.Tags.Add(Str("w3c.tracestate", "rojo=00f067aa0ba902b7"));
        root.Logs.Add(Log(2, Str("event", "cache miss"), Str("key", "k1")));

        var child = new global::Jaeger.ApiV2.Span
        {
            TraceId = s_traceId,
            SpanId = SpanId(2),
            OperationName = "SQL SELECT",
            Flags = 1,
            StartTime = new Timestamp { Seconds = BaseSeconds, Nanos = 5000 },
            Duration = new Duration { Nanos = 4000 },
        };
        child.References.Add(Ref(SpanRefType.ChildOf, s_traceId, 1));
        child.References.Add(Ref(SpanRefType.FollowsFrom, s_otherTraceId, 9));
        child.Tags.Add(Str("otel.scope.name", "net/http"));
        child.Tags.Add(Str("otel.scope.version", "1.2.0"));
        child.Tags.Add(Str("span.kind", "client"));
        child.Tags.Add(Str("otel.status_code", "OK"));
        child.Logs.Add(Log(6, Int("rows", 3)));

        return Batch(Process("frontend", Str("hostname", "box-1"), Str("ip", "10.0.0.1"), Str("jaeger.version", "Go-2.30.0")), root, child);
    }

    private static OtlpKeyValue Attr(string key, AnyValue value) => new() { Key = key, Value = value };

    /// <summary>Every model field of the spans, in span-ID order, as text (so a mismatch shows where).</summary>
    private static string Describe(IReadOnlyList<ModelSpan> spans)
    {
        var text = new StringBuilder();
        foreach (var s in spans.OrderBy(s => s.SpanId.Value))
        {
            text.AppendLine($"span {s.TraceId}/{s.SpanId} parent={s.ParentSpanId} name={s.Name} kind={s.Kind} flags={s.Flags} state={s.TraceState}");
            text.AppendLine($"  time {s.StartTimeUnixNano}..{s.EndTimeUnixNano} status={s.Status}");
            text.AppendLine($"  attrs {Attrs(s.Attributes)} dropped={s.DroppedAttributesCount}/{s.DroppedEventsCount}/{s.DroppedLinksCount}");
            foreach (var e in s.Events)
            {
                text.AppendLine($"  event {e.TimeUnixNano} {e.Name} {Attrs(e.Attributes)}");
            }

            foreach (var l in s.Links)
            {
                text.AppendLine($"  link {l.TraceId}/{l.SpanId} state={l.TraceState} flags={l.Flags} {Attrs(l.Attributes)}");
            }

            text.AppendLine($"  resource {Attrs(s.Resource.Attributes)} scope {s.Scope.Name}@{s.Scope.Version} {Attrs(s.Scope.Attributes)}");
            text.AppendLine($"  warnings [{string.Join("|", s.Warnings)}]");
        }

        return text.ToString();
    }

    private static string Attrs(IEnumerable<TraceBackend.Model.KeyValue> attributes) =>
        "{" + string.Join(", ", attributes.Select(a => $"{a.Key}:{a.Value.Type}={a.Value.ToJson()}")) + "}";
}
