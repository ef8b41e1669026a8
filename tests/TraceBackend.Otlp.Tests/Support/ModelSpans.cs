using System.Collections.Immutable;
using TraceBackend.Model;
using TraceBackend.LoadGen.Generation;
using TraceBackend.LoadGen.Otlp;
using Google.Protobuf;

namespace TraceBackend.Otlp.Tests.Support;

/// <summary>Model spans for encoder tests: HotROD traffic decoded by the project's decoder, and hand-built spans.</summary>
internal static class ModelSpans
{
    private static readonly DateTimeOffset s_clock = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Requests of HotROD traffic (at most <paramref name="maxSpans"/> spans each) decoded by <paramref name="decoder"/>.</summary>
    public static List<OtlpConversionResult> HotRod(OtlpProtobufDecoder decoder, ulong seed, int traces = 40, int maxSpans = 500)
    {
        var generator = new HotRodTraceGenerator(seed, new HotRodGeneratorOptions { ErrorRatio = 0.2, LargeTraceRatio = 0.05 });
        var batches = OtlpRequestBatcher.Pack(generator.Generate(traces, s_clock, TimeSpan.FromMilliseconds(250)), maxSpans);
        Assert.NotEmpty(batches);
        return [.. batches.Select(b => decoder.Decode(b.Request.ToByteArray()))];
    }

    /// <summary>A sanitized span (service.name set, non-empty name, end after start) with the given parts.</summary>
    public static Span Span(
        ulong id,
        Resource resource,
        InstrumentationScope? scope = null,
        ImmutableArray<KeyValue> attributes = default) => new()
        {
            TraceId = new TraceId(0x0102030405060708, 0x1112131415161718 + id),
            SpanId = new SpanId(0xA000 + id),
            ParentSpanId = new SpanId(0xB000 + id),
            Name = "op-" + id,
            Kind = SpanKind.Server,
            StartTimeUnixNano = 1_700_000_000_000_000_000 + (id * 1000),
            EndTimeUnixNano = 1_700_000_000_000_500_000 + (id * 1000),
            Attributes = attributes.IsDefault ? [] : attributes,
            Resource = resource,
            Scope = scope ?? InstrumentationScope.EmptyScope,
        };

    public static Resource Resource(KeyInterner keys, string service, params KeyValue[] more) =>
        new([new KeyValue(keys.Intern(TraceBackend.Model.Resource.ServiceNameKey), AttributeValue.String(service)), .. more]);

    /// <summary>The expected decode result of <paramref name="spans"/>: no rejections.</summary>
    public static OtlpConversionResult Result(IReadOnlyList<Span> spans) => new RejectionLog().ToResult(spans);
}
