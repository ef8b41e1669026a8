using System.Collections.Immutable;
using Google.Protobuf;
using TraceBackend.LoadGen.Generation;
using TraceBackend.LoadGen.Otlp;
using TraceBackend.Model;
using TraceBackend.Otlp;

namespace TraceBackend.Storage.Embedded.Tests.Wal;

/// <summary>Span batches for the span WAL tests: HotROD traffic as ingest decodes it, and hand-built spans with warnings.</summary>
internal static class SpanWalTestData
{
    private static readonly DateTimeOffset s_clock = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>HotROD requests (at most <paramref name="maxSpans"/> spans each) decoded by the ingest decoder.</summary>
    public static List<IReadOnlyList<Span>> HotRod(ulong seed, int traces = 30, int maxSpans = 300)
    {
        var decoder = new OtlpProtobufDecoder();
        var generator = new HotRodTraceGenerator(seed, new HotRodGeneratorOptions { ErrorRatio = 0.2, LargeTraceRatio = 0.05 });
        var batches = OtlpRequestBatcher.Pack(generator.Generate(traces, s_clock, TimeSpan.FromMilliseconds(250)), maxSpans);
        Assert.NotEmpty(batches);
        return [.. batches.Select(b => decoder.Decode(b.Request.ToByteArray()).Spans)];
    }

    /// <summary>
    /// Sanitized spans with warnings (several, empty, non-ASCII), an attribute sharing the warnings key's prefix,
    /// events, links, status, and a resource/scope layout the encoder keeps in order. <paramref name="id"/> makes
    /// the IDs distinct.
    /// </summary>
    public static IReadOnlyList<Span> Warned(ulong id)
    {
        var resource = new Resource(
        [
            new(Resource.ServiceNameKey, AttributeValue.String("warned-" + id)),
            new("host.name", AttributeValue.String("h1")),
        ]);
        var scope = new InstrumentationScope("lib", "1.0", [new("scope.attr", AttributeValue.Bool(true))]);
        var traceId = new TraceId(0x0102030405060708, 0x1000 + id);
        var root = new Span
        {
            TraceId = traceId, SpanId = new SpanId((id << 8) + 1), Name = "root ü", Kind = SpanKind.Server, Flags = 1,
            TraceState = "a=b", StartTimeUnixNano = 1_700_000_000_000_000_000 + id, EndTimeUnixNano = 1_700_000_000_000_500_000 + id,
            Attributes =
            [
                new("http.method", AttributeValue.String("GET")),
                new("@jaeger@warnings.note", AttributeValue.String("an ordinary attribute")),
                new("retries", AttributeValue.Array([AttributeValue.Int(1), AttributeValue.Double(2.5)])),
            ],
            DroppedAttributesCount = 2,
            Events = [new SpanEvent { TimeUnixNano = 1_700_000_000_000_100_000 + id, Name = "ev", Attributes = [new("k", AttributeValue.Int(7))] }],
            Links = [new SpanLink { TraceId = new TraceId(0, 0x55), SpanId = new SpanId(0x66), Attributes = [new("l", AttributeValue.String(""))] }],
            Status = new SpanStatus(StatusCode.Error, "boom"),
            Resource = resource, Scope = scope,
            Warnings = ["clock skew adjusted by 3ms", "", "ümlaut 😀"],
        };
        var child = new Span
        {
            TraceId = traceId, SpanId = new SpanId((id << 8) + 2), ParentSpanId = root.SpanId, Name = "child", Kind = SpanKind.Client,
            StartTimeUnixNano = root.StartTimeUnixNano + 10, EndTimeUnixNano = root.EndTimeUnixNano - 10,
            Resource = resource, Scope = scope,
        };
        var other = new Span
        {
            TraceId = traceId, SpanId = new SpanId((id << 8) + 3), ParentSpanId = root.SpanId, Name = "other scope",
            StartTimeUnixNano = root.StartTimeUnixNano + 20, EndTimeUnixNano = root.StartTimeUnixNano + 30,
            Resource = resource, Warnings = [SpanSanitizer.EmptySpanNameWarning],
        };
        return ImmutableArray.Create(root, child, other);
    }
}
