using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Tests.Support;

/// <summary>Spans with every mapped field set, and their IDs, shared by the row tests.</summary>
internal static class CodecFixtures
{
    public static readonly TraceId TraceA = new(0x0102030405060708UL, 0x090a0b0c0d0e0f10UL);
    public static readonly TraceId OtherTrace = new(0, 0x00000000000000ffUL);
    public static readonly SpanId SpanIdHighBit = new(0xF1E2D3C4B5A69788UL);
    public static readonly SpanId Parent = new(0xabcUL);

    /// <summary>1_700_000_000_123_456_789 ns: 789 ns past a whole µs, so truncation shows.</summary>
    public const ulong Start = 1_700_000_000_123_456_789UL;

    public static readonly Resource Frontend = new(
    [
        new KeyValue("service.name", AttributeValue.String("frontend")),
        new KeyValue("host.name", AttributeValue.String("web-1")),
        new KeyValue("process.pid", AttributeValue.Int(4242)),
        new KeyValue("k8s.ready", AttributeValue.Bool(true)),
    ]);

    public static Span Rich() => new()
    {
        TraceId = TraceA,
        SpanId = SpanIdHighBit,
        ParentSpanId = Parent,
        TraceState = "k=v",
        Flags = 0x301,
        Name = "GET /x",
        Kind = SpanKind.Server,
        StartTimeUnixNano = Start,
        EndTimeUnixNano = Start + 2_500_000_500,
        Attributes =
        [
            new("http.method", AttributeValue.String("GET")),
            new("http.status_code", AttributeValue.Int(500)),
            new("cache.hit", AttributeValue.Bool(false)),
            new("ratio", AttributeValue.Double(0.25)),
            new("digest", AttributeValue.Bytes([1, 2])),
            new("list", AttributeValue.Array([AttributeValue.String("a"), AttributeValue.Int(1)])),
            new("meta", AttributeValue.KvList([new("k", AttributeValue.String("v"))])),
            new("empty", AttributeValue.Empty),
        ],
        DroppedAttributesCount = 2,
        Events =
        [
            new SpanEvent { TimeUnixNano = Start + 1_000_999, Name = "exception", Attributes = [new("exception.type", AttributeValue.String("IOError"))] },
            new SpanEvent { TimeUnixNano = Start + 2_000_000, Name = "ignored", Attributes = [new("event", AttributeValue.String("custom")), new("n", AttributeValue.Int(3))] },
        ],
        Links =
        [
            new SpanLink { TraceId = OtherTrace, SpanId = new SpanId(0x22) },
            new SpanLink { TraceId = TraceA, SpanId = Parent, Attributes = [new("opentracing.ref_type", AttributeValue.String("child_of"))] },
            new SpanLink { TraceId = OtherTrace, SpanId = new SpanId(0x33), Attributes = [new("opentracing.ref_type", AttributeValue.String("child_of"))] },
        ],
        Status = new SpanStatus(StatusCode.Error, "boom"),
        Resource = Frontend,
        Scope = new InstrumentationScope("lib", "1.0"),
        Warnings = ["w1", "w2"],
    };

    /// <summary>A one-span batch of <paramref name="service"/>.</summary>
    public static Span Simple(TraceId traceId, ulong spanId, string service, string name, ulong startNanos, ulong durationNanos, SpanKind kind = SpanKind.Server, params KeyValue[] attributes) => new()
    {
        TraceId = traceId,
        SpanId = new SpanId(spanId),
        Name = name,
        Kind = kind,
        StartTimeUnixNano = startNanos,
        EndTimeUnixNano = startNanos + durationNanos,
        Attributes = [.. attributes],
        Resource = new Resource([new KeyValue("service.name", AttributeValue.String(service))]),
    };
}
