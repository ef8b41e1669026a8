using System.Collections.Immutable;
using TraceBackend.Model;
using TraceBackend.Otlp.Tests.Support;
using static TraceBackend.Otlp.Tests.Support.ModelSpans;

namespace TraceBackend.Otlp.Tests;

/// <summary>decode(encode(spans)) gives the spans back field by field, with the same Resource/Scope sharing.</summary>
public sealed class OtlpProtobufEncoderRoundTripTests
{
    private readonly OtlpConverter _converter = new();
    private readonly OtlpProtobufDecoder _decoder;

    public OtlpProtobufEncoderRoundTripTests() => _decoder = new OtlpProtobufDecoder(_converter);

    [Theory]
    [InlineData(1UL)]
    [InlineData(7UL)]
    public void HotRod_batches_round_trip(ulong seed)
    {
        foreach (var decoded in HotRod(_decoder, seed))
        {
            Assert.NotEmpty(decoded.Spans);
            var again = _decoder.Decode(OtlpProtobufEncoder.Encode(decoded.Spans));
            ConversionAssert.Equal(decoded, again);
        }
    }

    [Fact]
    public void Every_field_and_attribute_value_type_round_trips()
    {
        var spans = EdgeCaseSpans(_converter.Keys);
        var decoded = _decoder.Decode(OtlpProtobufEncoder.Encode(spans));
        ConversionAssert.Equal(Result(spans), decoded);
    }

    [Fact]
    public void Write_to_a_segmented_buffer_writer_gives_the_encoded_bytes()
    {
        var keys = _converter.Keys;
        var big = new string('x', 70_000) + "ü€😀" + new string('y', 70_000);
        var bytes = Enumerable.Range(0, 150_000).Select(i => (byte)i).ToArray();
        var spans = EdgeCaseSpans(keys).Add(Span(99, Resource(keys, "big"), attributes:
            [new(keys.Intern("big.s"), AttributeValue.String(big)), new(keys.Intern("big.b"), AttributeValue.Bytes(bytes))]));

        var encoded = OtlpProtobufEncoder.Encode(spans);
        var output = new SegmentedBufferWriter();
        OtlpProtobufEncoder.Write(spans, output);

        Assert.True(output.Segments > 2, $"{output.Segments} segments");
        Assert.Equal(encoded, output.WrittenBytes);
        ConversionAssert.Equal(Result(spans), _decoder.Decode(encoded));
    }

    [Fact]
    public void Write_appends_to_what_the_output_already_holds()
    {
        var spans = EdgeCaseSpans(_converter.Keys);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        System.Buffers.BuffersExtensions.Write(output, new byte[] { 1, 2, 3 });
        OtlpProtobufEncoder.Write(spans, output);
        Assert.Equal([1, 2, 3, .. OtlpProtobufEncoder.Encode(spans)], output.WrittenSpan.ToArray());
    }

    [Fact]
    public void No_spans_encode_to_no_bytes()
    {
        Assert.Empty(OtlpProtobufEncoder.Encode([]));
        Assert.Empty(_decoder.Decode(OtlpProtobufEncoder.Encode([])).Spans);
    }

    [Fact]
    public void Warnings_are_not_encoded()
    {
        var span = Span(1, Resource(_converter.Keys, "svc"));
        var warned = new Span
        {
            TraceId = span.TraceId, SpanId = span.SpanId, ParentSpanId = span.ParentSpanId, Name = span.Name, Kind = span.Kind,
            StartTimeUnixNano = span.StartTimeUnixNano, EndTimeUnixNano = span.EndTimeUnixNano, Resource = span.Resource,
            Warnings = ["clock skew adjusted"],
        };

        Assert.Equal(OtlpProtobufEncoder.Encode([span]), OtlpProtobufEncoder.Encode([warned]));
        Assert.Empty(_decoder.Decode(OtlpProtobufEncoder.Encode([warned])).Spans[0].Warnings);
    }

    /// <summary>
    /// Sanitized spans covering every field: each AnyValue case with empty/zero values, nested arrays and
    /// kvlists, events, links, statuses, kinds, dropped counts, a 64-bit trace ID, root and child spans.
    /// </summary>
    internal static ImmutableArray<Span> EdgeCaseSpans(KeyInterner keys)
    {
        KeyValue Kv(string key, AttributeValue value) => new(keys.Intern(key), value);
        var inner = AttributeValue.Array([AttributeValue.Int(1), AttributeValue.String("a"), AttributeValue.Empty, AttributeValue.Array([])]);
        var kvlist = AttributeValue.KvList([Kv("k1", inner), Kv("k2", AttributeValue.Bool(true)), Kv("k.empty", AttributeValue.Empty)]);
        ImmutableArray<KeyValue> every =
        [
            Kv("s", AttributeValue.String("text ü € 😀")),
            Kv("s.empty", AttributeValue.String("")),
            Kv("b.true", AttributeValue.Bool(true)),
            Kv("b.false", AttributeValue.Bool(false)),
            Kv("i.min", AttributeValue.Int(long.MinValue)),
            Kv("i.max", AttributeValue.Int(long.MaxValue)),
            Kv("i.neg", AttributeValue.Int(-1)),
            Kv("i.zero", AttributeValue.Int(0)),
            Kv("d.zero", AttributeValue.Double(0.0)),
            Kv("d.negzero", AttributeValue.Double(-0.0)),
            Kv("d.nan", AttributeValue.Double(double.NaN)),
            Kv("d.inf", AttributeValue.Double(double.NegativeInfinity)),
            Kv("d", AttributeValue.Double(1.5e300)),
            Kv("bytes", AttributeValue.Bytes([1, 2, 0, 255])),
            Kv("bytes.empty", AttributeValue.Bytes([])),
            Kv("empty", AttributeValue.Empty),
            Kv("", AttributeValue.String("empty key")),
            Kv("array.empty", AttributeValue.Array([])),
            Kv("kvlist.empty", AttributeValue.KvList([])),
            Kv("nested.array", AttributeValue.Array([inner, AttributeValue.Array([]), kvlist, AttributeValue.Bytes([7]), AttributeValue.Double(2.5)])),
            Kv("nested.kvlist", AttributeValue.KvList([Kv("deep", kvlist), Kv("deeper", AttributeValue.KvList([Kv("x", inner)]))])),
            new(new string('k', 200), AttributeValue.String("long key, never pooled")),
        ];

        var resource = Resource(keys, "edge", Kv("host.name", AttributeValue.String("h1")), Kv("pid", AttributeValue.Int(42)));
        var droppedResource = new Resource([Kv(TraceBackend.Model.Resource.ServiceNameKey, AttributeValue.String("dropped"))], droppedAttributesCount: 3);
        var scope = new InstrumentationScope("lib", "1.2.3", [Kv("scope.attr", AttributeValue.Bool(false))], droppedAttributesCount: 2);
        var nameOnly = new InstrumentationScope("only-name", "");
        var versionOnly = new InstrumentationScope("", "0.1");

        var full = Span(1, resource, scope, every);
        return
        [
            new Span
            {
                TraceId = full.TraceId, SpanId = full.SpanId, ParentSpanId = full.ParentSpanId, Name = "full ü", Kind = SpanKind.Client,
                TraceState = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", Flags = 0x301,
                StartTimeUnixNano = full.StartTimeUnixNano, EndTimeUnixNano = full.EndTimeUnixNano,
                Attributes = every, DroppedAttributesCount = 5,
                Events =
                [
                    new SpanEvent { TimeUnixNano = full.StartTimeUnixNano + 10, Name = "ev", Attributes = [Kv("e", AttributeValue.Int(0))], DroppedAttributesCount = 1 },
                    new SpanEvent { TimeUnixNano = 0, Name = "" },
                    new SpanEvent { TimeUnixNano = 1, Name = "nested", Attributes = [Kv("nested", kvlist)] },
                ],
                DroppedEventsCount = 6,
                Links =
                [
                    new SpanLink { TraceId = new TraceId(0, 0x55), SpanId = new SpanId(0x66), TraceState = "a=b", Attributes = [Kv("l", AttributeValue.String(""))], DroppedAttributesCount = 4, Flags = 0x101 },
                    new SpanLink { TraceId = new TraceId(ulong.MaxValue, ulong.MaxValue), SpanId = new SpanId(ulong.MaxValue) },
                ],
                DroppedLinksCount = 7,
                Status = new SpanStatus(StatusCode.Error, "boom ü"),
                Resource = resource,
                Scope = scope,
            },
            Span(2, resource, scope),
            new Span
            {
                // A root span with a 64-bit trace ID (high half zero) and defaults everywhere else.
                TraceId = new TraceId(0, 0xDEADBEEF), SpanId = new SpanId(1), Name = "root", StartTimeUnixNano = 1, EndTimeUnixNano = 2,
                Resource = resource,
            },
            WithKindAndStatus(Span(3, resource), SpanKind.Internal, new SpanStatus(StatusCode.Ok, "")),
            WithKindAndStatus(Span(4, resource, nameOnly), SpanKind.Producer, new SpanStatus(StatusCode.Unset, "message without code")),
            WithKindAndStatus(Span(5, droppedResource, versionOnly), SpanKind.Consumer, new SpanStatus(StatusCode.Error, "")),
            WithKindAndStatus(Span(6, droppedResource, versionOnly), SpanKind.Unspecified, SpanStatus.Unset),
        ];
    }

    private static Span WithKindAndStatus(Span s, SpanKind kind, SpanStatus status) => new()
    {
        TraceId = s.TraceId, SpanId = s.SpanId, ParentSpanId = s.ParentSpanId, Name = s.Name, Kind = kind,
        StartTimeUnixNano = s.StartTimeUnixNano, EndTimeUnixNano = s.EndTimeUnixNano, Attributes = s.Attributes,
        Resource = s.Resource, Scope = s.Scope, Status = status,
    };
}
