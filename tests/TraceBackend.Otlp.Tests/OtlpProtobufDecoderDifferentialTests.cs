using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;
using TraceBackend.Collector.Tests.Support;
using TraceBackend.LoadGen.Generation;
using TraceBackend.LoadGen.Otlp;
using TraceBackend.Otlp.Tests.Support;
using static TraceBackend.Otlp.Tests.Support.Wire;
using ProtoScope = OpenTelemetry.Proto.Common.V1.InstrumentationScope;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;
using ProtoStatus = OpenTelemetry.Proto.Trace.V1.Status;

namespace TraceBackend.Otlp.Tests;

/// <summary>
/// The direct decoder must give exactly what Google.Protobuf parsing + <see cref="OtlpConverter"/> give, for
/// real HotROD traffic and for hand-built edge cases (as one buffer and as a multi-segment sequence).
/// </summary>
public sealed class OtlpProtobufDecoderDifferentialTests
{
    private static readonly DateTimeOffset s_clock = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<ulong, double, double> HotRodCases => new()
    {
        { 1, 0.05, 0.01 },
        { 2, 0.5, 0.0 },
        { 3, 0.2, 0.1 },
        { 4, 1.0, 0.05 },
    };

    [Theory]
    [MemberData(nameof(HotRodCases))]
    public void HotRod_requests_decode_like_the_protobuf_objects(ulong seed, double errorRatio, double largeRatio)
    {
        var generator = new HotRodTraceGenerator(seed, new HotRodGeneratorOptions { ErrorRatio = errorRatio, LargeTraceRatio = largeRatio });
        var batches = OtlpRequestBatcher.Pack(generator.Generate(40, s_clock, TimeSpan.FromMilliseconds(250)), 500);
        Assert.NotEmpty(batches);
        foreach (var batch in batches)
        {
            var result = AssertSameAsConverter(batch.Request.ToByteArray());
            Assert.Equal(batch.SpanCount, result.Spans.Count);
        }
    }

    [Fact]
    public void Every_attribute_value_type_at_any_depth()
    {
        var span = TestData.Span(1);
        span.Attributes.Add(TestData.Attr("s", "text ü €"));
        span.Attributes.Add(TestData.Attr("s.empty", new AnyValue { StringValue = "" }));
        span.Attributes.Add(TestData.Attr("b.true", new AnyValue { BoolValue = true }));
        span.Attributes.Add(TestData.Attr("b.false", new AnyValue { BoolValue = false }));
        span.Attributes.Add(TestData.Attr("i.neg", new AnyValue { IntValue = long.MinValue }));
        span.Attributes.Add(TestData.Attr("i.zero", new AnyValue { IntValue = 0 }));
        span.Attributes.Add(TestData.Attr("d.nan", new AnyValue { DoubleValue = double.NaN }));
        span.Attributes.Add(TestData.Attr("d.negzero", new AnyValue { DoubleValue = -0.0 }));
        span.Attributes.Add(TestData.Attr("d", new AnyValue { DoubleValue = 1.5e300 }));
        span.Attributes.Add(TestData.Attr("bytes", new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 0, 255) }));
        span.Attributes.Add(TestData.Attr("bytes.empty", new AnyValue { BytesValue = ByteString.Empty }));
        span.Attributes.Add(TestData.Attr("unset", new AnyValue()));
        span.Attributes.Add(new KeyValue { Key = "no.value" });
        span.Attributes.Add(new KeyValue());
        span.Attributes.Add(TestData.Attr("array.empty", new AnyValue { ArrayValue = new ArrayValue() }));
        span.Attributes.Add(TestData.Attr("kvlist.empty", new AnyValue { KvlistValue = new KeyValueList() }));
        var inner = new ArrayValue { Values = { new AnyValue { IntValue = 1 }, new AnyValue { StringValue = "a" }, new AnyValue() } };
        var kv = new KeyValueList { Values = { TestData.Attr("k1", new AnyValue { ArrayValue = inner }), TestData.Attr("k2", new AnyValue { BoolValue = true }) } };
        var nested = new ArrayValue
        {
            Values =
            {
                new AnyValue { ArrayValue = inner },
                new AnyValue { ArrayValue = new ArrayValue() },
                new AnyValue { KvlistValue = kv },
                new AnyValue { BytesValue = ByteString.CopyFrom(7) },
            },
        };
        span.Attributes.Add(TestData.Attr("nested.array", new AnyValue { ArrayValue = nested }));
        span.Attributes.Add(TestData.Attr("nested.kvlist", new AnyValue { KvlistValue = new KeyValueList { Values = { TestData.Attr("deep", new AnyValue { KvlistValue = kv }) } } }));
        span.Attributes.Add(TestData.Attr(new string('k', 200), "long key, never pooled"));
        span.Events.Add(new ProtoSpan.Types.Event { Name = "e", TimeUnixNano = 5, DroppedAttributesCount = 2, Attributes = { TestData.Attr("nested.kvlist", new AnyValue { KvlistValue = kv }) } });
        span.Events.Add(new ProtoSpan.Types.Event());
        var request = TestData.Request("svc", span);
        request.ResourceSpans[0].Resource.Attributes.Add(TestData.Attr("r.array", new AnyValue { ArrayValue = nested }));
        request.ResourceSpans[0].ScopeSpans[0].Scope.Attributes.Add(TestData.Attr("s.kv", new AnyValue { KvlistValue = kv }));

        var result = AssertSameAsConverter(request.ToByteArray());
        Assert.Equal(span.Attributes.Count, Assert.Single(result.Spans).Attributes.Length);
    }

    [Fact]
    public void Invalid_ids_of_every_kind_are_rejected_alike()
    {
        var spans = new List<ProtoSpan>();
        foreach (var traceId in new[] { ByteString.Empty, ByteString.CopyFrom(new byte[15]), ByteString.CopyFrom(new byte[17]), ByteString.CopyFrom(new byte[16]) })
        {
            var s = TestData.Span((ulong)spans.Count + 1);
            s.TraceId = traceId;
            spans.Add(s);
        }

        foreach (var spanId in new[] { ByteString.Empty, ByteString.CopyFrom(new byte[7]), ByteString.CopyFrom(new byte[9]), ByteString.CopyFrom(new byte[8]) })
        {
            var s = TestData.Span((ulong)spans.Count + 1);
            s.SpanId = spanId;
            spans.Add(s);
        }

        foreach (var parent in new[] { ByteString.CopyFrom(new byte[4]), ByteString.CopyFrom(new byte[16]), ByteString.CopyFrom(new byte[8]), TestData.SpanId(77) })
        {
            var s = TestData.Span((ulong)spans.Count + 1);
            s.ParentSpanId = parent;
            spans.Add(s);
        }

        var request = TestData.Request("svc", [.. spans]);
        request.ResourceSpans[0].ScopeSpans.Insert(0, new ScopeSpans { Spans = { TestData.Span(100) } });
        var result = AssertSameAsConverter(request.ToByteArray());
        Assert.Equal(10, result.RejectedSpans);
        Assert.Contains("and 5 more rejected spans", result.ErrorMessage);
        Assert.Equal(3, result.Spans.Count);
    }

    [Fact]
    public void Sanitizers_and_links_warn_alike()
    {
        var noName = TestData.Span(1, "");
        var endBeforeStart = TestData.Span(2);
        endBeforeStart.EndTimeUnixNano = endBeforeStart.StartTimeUnixNano - 1;
        var zeroLength = TestData.Span(3);
        zeroLength.EndTimeUnixNano = zeroLength.StartTimeUnixNano;
        var maxStart = TestData.Span(4);
        maxStart.StartTimeUnixNano = ulong.MaxValue;
        var badKind = TestData.Span(5);
        badKind.Kind = (ProtoSpan.Types.SpanKind)(-1);
        var bigKind = TestData.Span(6);
        bigKind.Kind = (ProtoSpan.Types.SpanKind)9;
        var badStatus = TestData.Span(7);
        badStatus.Status = new ProtoStatus { Code = (ProtoStatus.Types.StatusCode)7, Message = "weird" };
        var emptyStatus = TestData.Span(8);
        emptyStatus.Status = new ProtoStatus();
        var links = TestData.Span(9, "");
        links.Status = new ProtoStatus { Code = ProtoStatus.Types.StatusCode.Error, Message = "boom" };
        links.DroppedLinksCount = 2;
        links.Links.Add(new ProtoSpan.Types.Link { TraceId = TestData.TraceId(5), SpanId = TestData.SpanId(6), TraceState = "x=y", Flags = 0x101, DroppedAttributesCount = 1, Attributes = { TestData.Attr("l", "v") } });
        links.Links.Add(new ProtoSpan.Types.Link { TraceId = ByteString.CopyFrom(new byte[3]), SpanId = TestData.SpanId(6), Attributes = { TestData.Attr("dropped", "v") } });
        links.Links.Add(new ProtoSpan.Types.Link { TraceId = TestData.TraceId(5), SpanId = ByteString.CopyFrom(new byte[8]) });
        links.Links.Add(new ProtoSpan.Types.Link());
        links.Links.Add(new ProtoSpan.Types.Link { TraceId = TestData.TraceId(8), SpanId = TestData.SpanId(9) });
        var allLinksBad = TestData.Span(10);
        allLinksBad.Links.Add(new ProtoSpan.Types.Link());

        var request = TestData.Request("svc", noName, endBeforeStart, zeroLength, maxStart, badKind, bigKind, badStatus, emptyStatus, links, allLinksBad);
        request.ResourceSpans.Add(new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { TestData.Span(11, "") } } } });
        var emptyService = new ResourceSpans { Resource = TestData.Resource(""), ScopeSpans = { new ScopeSpans { Scope = new ProtoScope { Version = "1" }, Spans = { TestData.Span(12) } } } };
        var intService = new ResourceSpans { Resource = new() { Attributes = { TestData.Attr("service.name", new AnyValue { IntValue = 3 }) } }, ScopeSpans = { new ScopeSpans { Spans = { TestData.Span(13, "") } } } };
        request.ResourceSpans.Add(emptyService);
        request.ResourceSpans.Add(intService);
        request.ResourceSpans.Add(new ResourceSpans());
        request.ResourceSpans.Add(new ResourceSpans { Resource = TestData.Resource("a"), ScopeSpans = { new ScopeSpans(), new ScopeSpans { Scope = new ProtoScope { DroppedAttributesCount = 1 }, Spans = { TestData.Span(14) } } } });

        var result = AssertSameAsConverter(request.ToByteArray());
        Assert.Equal(14, result.Spans.Count);
        var linked = result.Spans.Single(static s => s.SpanId == new TraceBackend.Model.SpanId(9));
        Assert.Equal(5u, linked.DroppedLinksCount);
        Assert.Equal(2, linked.Links.Length);
        Assert.Equal(SpanSanitizer.EmptySpanNameWarning, linked.Warnings[0]);
        Assert.Equal("link 1 dropped: trace_id must be 16 bytes, got 3", linked.Warnings[1]);
    }

    [Fact]
    public void Unknown_fields_of_every_wire_type_are_skipped_at_every_level()
    {
        var span = TestData.Span(1);
        span.Attributes.Add(TestData.Attr("a", "b"));
        span.Status = new ProtoStatus { Code = ProtoStatus.Types.StatusCode.Ok };
        span.Events.Add(new ProtoSpan.Types.Event { Name = "ev" });
        span.Links.Add(new ProtoSpan.Types.Link { TraceId = TestData.TraceId(2), SpanId = TestData.SpanId(2) });
        var u = UnknownFields();
        var kv = Field(1, Field(1, "x"u8.ToArray()), Field(2, Field(1, "y"u8.ToArray()), u), u);
        var spanBytes = Concat(
            span.ToByteArray(),
            u,
            Field(9, Field(1, "k"u8.ToArray()), Field(2, Field(5, Field(1, Varint(3, 1), u), u), u), u),
            Field(11, Field(2, "ev2"u8.ToArray()), u),
            Field(15, Varint(3, 2), u),
            Varint(5, 1), // name (field 5) with the wrong wire type: unknown, skipped by both
            Fixed64(6, 1)); // kind (field 6) with the wrong wire type
        var payload = Concat(
            u,
            Field(1,
                u,
                Field(2, u, Field(2, spanBytes), Field(1, Field(1, "scope"u8.ToArray()), u)),
                Field(1, Field(1, Field(1, "service.name"u8.ToArray()), Field(2, Field(1, "svc"u8.ToArray()))), u, kv),
                Field(3, "schema"u8.ToArray())),
            u);

        var result = AssertSameAsConverter(payload);
        Assert.Equal("scope", Assert.Single(result.Spans).Scope.Name);
    }

    [Fact]
    public void Repeated_singular_fields_last_wins_and_messages_merge()
    {
        var first = TestData.Span(1, "first");
        first.Attributes.Add(TestData.Attr("a", "1"));
        first.Status = new ProtoStatus { Code = ProtoStatus.Types.StatusCode.Error };
        var second = TestData.Span(2, "second");
        second.Attributes.Add(TestData.Attr("b", "2"));
        second.Status = new ProtoStatus { Message = "second message" };
        second.Kind = ProtoSpan.Types.SpanKind.Consumer;
        var merged = Concat(first.ToByteArray(), second.ToByteArray(), Varint(10, 0x1_0000_0005), Varint(6, ulong.MaxValue));
        var resource = Concat(TestData.Resource("svc").ToByteArray(), TestData.Resource("svc2").ToByteArray(), Varint(2, 3));
        var payload = Field(1,
            Field(1, resource),
            Field(2, Field(1, Field(1, "s1"u8.ToArray())), Field(2, merged), Field(1, Field(2, "v2"u8.ToArray()))),
            Field(1, Field(1, Field(1, "host"u8.ToArray()))));

        var result = AssertSameAsConverter(payload);
        var span = Assert.Single(result.Spans);
        Assert.Equal("second", span.Name);
        Assert.Equal(3, span.Resource.Attributes.Length); // svc and svc2 (merged), then host
        Assert.Equal(3u, span.Resource.DroppedAttributesCount);
    }

    [Fact]
    public void Zero_length_messages_decode_alike()
    {
        AssertSameAsConverter([]);
        AssertSameAsConverter(Field(1));
        AssertSameAsConverter(Concat(Field(1, Field(1)), Field(1, Field(2))));
        AssertSameAsConverter(Field(1, Field(2, Field(1), Field(2))));
        var empties = Concat(TestData.Span(1).ToByteArray(), Field(9), Field(9, Field(2)), Field(11), Field(13), Field(15));
        var result = AssertSameAsConverter(Field(1, Field(1), Field(2, Field(1), Field(2, empties))));
        Assert.Equal(2, Assert.Single(result.Spans).Attributes.Length);
    }

    [Fact]
    public void Nesting_up_to_the_protobuf_limit_decodes_alike()
    {
        var value = new AnyValue { StringValue = "leaf" };
        for (var i = 0; i < 45; i++)
        {
            value = new AnyValue { ArrayValue = new ArrayValue { Values = { value } } };
        }

        var span = TestData.Span(1);
        span.Attributes.Add(TestData.Attr("deep", value));
        AssertSameAsConverter(TestData.Request("svc", span).ToByteArray());
    }

    /// <summary>Decodes with both paths (sharing one key pool) and asserts equal results; returns the decoder's.</summary>
    private static OtlpConversionResult AssertSameAsConverter(byte[] payload)
    {
        var converter = new OtlpConverter();
        var decoder = new OtlpProtobufDecoder(converter);
        var expected = converter.Convert(ExportTraceServiceRequest.Parser.ParseFrom(payload));
        var actual = decoder.Decode(payload);
        ConversionAssert.Equal(expected, actual);
        ConversionAssert.Equal(expected, decoder.Decode(Segmented(payload, 7)));
        return actual;
    }
}
