using System.Collections.Immutable;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceBackend.Model;
using TraceBackend.Otlp.Tests.Support;
using static TraceBackend.Otlp.Tests.Support.ModelSpans;

namespace TraceBackend.Otlp.Tests;

/// <summary>
/// The storage opt-ins: <c>includeWarnings</c> on the encoder and <see cref="OtlpProtobufDecoderOptions.LiftWarnings"/>
/// on the decoder carry <see cref="Span.Warnings"/> as the <c>@jaeger@warnings</c> attribute; the defaults do not.
/// </summary>
public sealed class OtlpProtobufEncoderWarningsTests
{
    private readonly OtlpConverter _converter = new();
    private readonly OtlpProtobufDecoder _plain;
    private readonly OtlpProtobufDecoder _lifting;

    public OtlpProtobufEncoderWarningsTests()
    {
        _plain = new OtlpProtobufDecoder(_converter);
        _lifting = new OtlpProtobufDecoder(_converter, new OtlpProtobufDecoderOptions { LiftWarnings = true });
    }

    [Fact]
    public void Warnings_round_trip_through_the_opt_ins()
    {
        var spans = WarnedSpans();
        var encoded = OtlpProtobufEncoder.Encode(spans, includeWarnings: true);
        ConversionAssert.Equal(Result(spans), _lifting.Decode(encoded));

        var output = new SegmentedBufferWriter();
        OtlpProtobufEncoder.Write(spans, output, includeWarnings: true);
        Assert.Equal(encoded, output.WrittenBytes);
    }

    [Theory]
    [InlineData(2UL)]
    [InlineData(9UL)]
    public void HotRod_batches_with_warnings_round_trip(ulong seed)
    {
        foreach (var decoded in HotRod(_plain, seed))
        {
            var warned = decoded.Spans.Select((s, i) => i % 3 == 0 ? WithWarnings(s, [$"warning {i}", "clock skew adjusted"]) : s).ToArray();
            ConversionAssert.Equal(Result(warned), _lifting.Decode(OtlpProtobufEncoder.Encode(warned, includeWarnings: true)));
        }
    }

    [Fact]
    public void Warnings_are_an_array_attribute_after_the_spans_own_attributes_and_valid_protobuf()
    {
        var spans = WarnedSpans();
        var encoded = OtlpProtobufEncoder.Encode(spans, includeWarnings: true);
        Assert.Equal(encoded, ExportTraceServiceRequest.Parser.ParseFrom(encoded).ToByteArray());

        var decoded = _plain.Decode(encoded).Spans;
        Assert.Equal(spans.Length, decoded.Count);
        for (var i = 0; i < spans.Length; i++)
        {
            var expected = spans[i].Attributes;
            if (!spans[i].Warnings.IsEmpty)
            {
                expected = expected.Add(new KeyValue(OtlpProtobufEncoder.WarningsAttributeKey,
                    AttributeValue.Array([.. spans[i].Warnings.Select(AttributeValue.String)])));
            }

            ConversionAssert.AttributesEqual(expected, decoded[i].Attributes);
            Assert.Empty(decoded[i].Warnings);
        }
    }

    [Fact]
    public void Spans_without_warnings_encode_the_same_either_way()
    {
        var spans = OtlpProtobufEncoderRoundTripTests.EdgeCaseSpans(_converter.Keys);
        Assert.Equal(OtlpProtobufEncoder.Encode(spans), OtlpProtobufEncoder.Encode(spans, includeWarnings: true));
        ConversionAssert.Equal(Result(spans), _lifting.Decode(OtlpProtobufEncoder.Encode(spans)));
    }

    [Fact]
    public void Default_encoder_drops_warnings_and_default_decoder_does_not_lift()
    {
        var spans = WarnedSpans();
        var plainDecoded = _plain.Decode(OtlpProtobufEncoder.Encode(spans));
        Assert.All(plainDecoded.Spans, s => Assert.Empty(s.Warnings));
        Assert.DoesNotContain(plainDecoded.Spans.SelectMany(s => s.Attributes), kv => kv.Key == OtlpProtobufEncoder.WarningsAttributeKey);

        var viaDefaultCtor = new OtlpProtobufDecoder().Decode(OtlpProtobufEncoder.Encode(spans, includeWarnings: true));
        Assert.Contains(viaDefaultCtor.Spans[0].Attributes, kv => kv.Key == OtlpProtobufEncoder.WarningsAttributeKey);
        Assert.Empty(viaDefaultCtor.Spans[0].Warnings);
    }

    [Fact]
    public void Lifted_warnings_come_before_sanitizer_warnings()
    {
        var span = Span(1, Resource(_converter.Keys, "svc"));
        var unsanitized = new Span
        {
            TraceId = span.TraceId, SpanId = span.SpanId, Name = "", StartTimeUnixNano = 10, EndTimeUnixNano = 10,
            Resource = span.Resource, Warnings = ["stored one", "stored two"],
        };

        var decoded = _lifting.Decode(OtlpProtobufEncoder.Encode([unsanitized], includeWarnings: true)).Spans[0];
        Assert.Equal(
            ["stored one", "stored two", SpanSanitizer.EmptySpanNameWarning, SpanSanitizer.EndTimeWarning(10, 10)],
            decoded.Warnings.ToArray());
        Assert.Empty(decoded.Attributes);
    }

    [Fact]
    public void A_warnings_key_without_a_string_array_stays_an_attribute()
    {
        var keys = _converter.Keys;
        ImmutableArray<KeyValue> attributes =
        [
            new(keys.Intern(OtlpProtobufEncoder.WarningsAttributeKey), AttributeValue.String("not an array")),
            new(keys.Intern(OtlpProtobufEncoder.WarningsAttributeKey), AttributeValue.Array([AttributeValue.String("a"), AttributeValue.Int(1)])),
        ];
        var spans = new[] { Span(1, Resource(keys, "svc"), attributes: attributes) };
        ConversionAssert.Equal(Result(spans), _lifting.Decode(OtlpProtobufEncoder.Encode(spans, includeWarnings: true)));
    }

    [Fact]
    public void Several_warnings_attributes_are_concatenated_in_wire_order()
    {
        var keys = _converter.Keys;
        var key = keys.Intern(OtlpProtobufEncoder.WarningsAttributeKey);
        var other = new KeyValue(keys.Intern("other"), AttributeValue.Int(3));
        ImmutableArray<KeyValue> attributes =
        [
            new(key, AttributeValue.Array([AttributeValue.String("first")])),
            other,
            new(key, AttributeValue.Array([])),
        ];
        var withStored = WithWarnings(Span(1, Resource(keys, "svc"), attributes: attributes), ["second"]);
        var decoded = _lifting.Decode(OtlpProtobufEncoder.Encode([withStored], includeWarnings: true)).Spans[0];
        Assert.Equal(["first", "second"], decoded.Warnings.ToArray());
        ConversionAssert.AttributesEqual([other], decoded.Attributes);
    }

    /// <summary>
    /// Edge-case spans with warnings, including empty and non-ASCII ones, a span whose own attributes share the
    /// key's prefix (<c>@jaeger@</c>, <c>@jaeger@warnings.count</c>, <c>@jaeger@warning</c>), and one with an event
    /// attribute named exactly like the key (never lifted).
    /// </summary>
    private ImmutableArray<Span> WarnedSpans()
    {
        var keys = _converter.Keys;
        var edge = OtlpProtobufEncoderRoundTripTests.EdgeCaseSpans(keys);
        ImmutableArray<KeyValue> prefixed =
        [
            new(keys.Intern("@jaeger@"), AttributeValue.String("x")),
            new(keys.Intern("@jaeger@warnings.count"), AttributeValue.Int(2)),
            new(keys.Intern("@jaeger@warning"), AttributeValue.Array([AttributeValue.String("not lifted")])),
        ];
        // Resources and scopes chosen so the encoder's grouping keeps this order.
        var prefixedSpan = WithWarnings(Span(40, edge[1].Resource, edge[1].Scope, prefixed), ["w1", "w2"]);
        var eventSpan = new Span
        {
            TraceId = edge[^1].TraceId, SpanId = new SpanId(0x4242), Name = "with event", StartTimeUnixNano = 5, EndTimeUnixNano = 6,
            Resource = edge[^1].Resource, Scope = edge[^1].Scope,
            Events =
            [
                new SpanEvent
                {
                    TimeUnixNano = 5, Name = "e",
                    Attributes = [new(keys.Intern(OtlpProtobufEncoder.WarningsAttributeKey), AttributeValue.Array([AttributeValue.String("event")]))],
                },
            ],
            Warnings = ["only one"],
        };

        return
        [
            WithWarnings(edge[0], ["first ü 😀", "", new string('w', 300)]),
            edge[1],
            prefixedSpan,
            .. edge.Skip(2).Select((s, i) => i % 2 == 0 ? WithWarnings(s, [$"warning {i}"]) : s),
            eventSpan,
        ];
    }

    private static Span WithWarnings(Span s, ImmutableArray<string> warnings) => new()
    {
        TraceId = s.TraceId, SpanId = s.SpanId, ParentSpanId = s.ParentSpanId, TraceState = s.TraceState, Flags = s.Flags,
        Name = s.Name, Kind = s.Kind, StartTimeUnixNano = s.StartTimeUnixNano, EndTimeUnixNano = s.EndTimeUnixNano,
        Attributes = s.Attributes, DroppedAttributesCount = s.DroppedAttributesCount, Events = s.Events,
        DroppedEventsCount = s.DroppedEventsCount, Links = s.Links, DroppedLinksCount = s.DroppedLinksCount,
        Status = s.Status, Resource = s.Resource, Scope = s.Scope, Warnings = warnings,
    };
}
