using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceBackend.Model;
using TraceBackend.Otlp.Tests.Support;
using static TraceBackend.Otlp.Tests.Support.ModelSpans;

namespace TraceBackend.Otlp.Tests;

/// <summary>Interleaved spans are grouped by resource, then scope, in first-appearance order.</summary>
public sealed class OtlpProtobufEncoderGroupingTests
{
    private readonly OtlpConverter _converter = new();
    private readonly OtlpProtobufDecoder _decoder;

    public OtlpProtobufEncoderGroupingTests() => _decoder = new OtlpProtobufDecoder(_converter);

    [Fact]
    public void Interleaved_resources_and_scopes_are_grouped_in_first_appearance_order()
    {
        var keys = _converter.Keys;
        var a = Resource(keys, "a");
        var b = Resource(keys, "b");
        var aCopy = Resource(keys, "a"); // same content, another object: same group
        var aDropped = new Resource(a.Attributes, droppedAttributesCount: 1); // different content
        var s1 = new InstrumentationScope("s1", "1");
        var s2 = new InstrumentationScope("s2", "1");
        var s1Copy = new InstrumentationScope("s1", "1");

        Span[] input =
        [
            Span(0, a, s1),
            Span(1, b, s1),
            Span(2, a, s2),
            Span(3, a, s1),
            Span(4, b),
            Span(5, aCopy, s1Copy),
            Span(6, aDropped, s1),
            Span(7, b, s1),
            Span(8, a),
        ];

        var encoded = OtlpProtobufEncoder.Encode(input);

        // Structure, as Google.Protobuf sees it: (service, scope) → span names.
        var parsed = ExportTraceServiceRequest.Parser.ParseFrom(encoded);
        var structure = parsed.ResourceSpans.Select(r => (
            Service: r.Resource.Attributes.Single(kv => kv.Key == "service.name").Value.StringValue,
            Dropped: r.Resource.DroppedAttributesCount,
            Scopes: r.ScopeSpans.Select(s => (s.Scope?.Name ?? "", string.Join(",", s.Spans.Select(x => x.Name)))).ToArray())).ToArray();
        Assert.Equal(3, structure.Length);
        Assert.Equal(("a", 0u), (structure[0].Service, structure[0].Dropped));
        Assert.Equal([("s1", "op-0,op-3,op-5"), ("s2", "op-2"), ("", "op-8")], structure[0].Scopes);
        Assert.Equal(("b", 0u), (structure[1].Service, structure[1].Dropped));
        Assert.Equal([("s1", "op-1,op-7"), ("", "op-4")], structure[1].Scopes);
        Assert.Equal(("a", 1u), (structure[2].Service, structure[2].Dropped));
        Assert.Equal([("s1", "op-6")], structure[2].Scopes);
        Assert.Null(parsed.ResourceSpans[0].ScopeSpans[2].Scope);

        // Decoded: the grouped order, one Resource object per group and one Scope object per scope group.
        var decoded = _decoder.Decode(encoded).Spans;
        int[] expectedOrder = [0, 3, 5, 2, 8, 1, 7, 4, 6];
        Assert.Equal(expectedOrder.Select(i => "op-" + i), decoded.Select(s => s.Name));
        Assert.Same(decoded[0].Resource, decoded[4].Resource);
        Assert.NotSame(decoded[0].Resource, decoded[5].Resource);
        Assert.Same(decoded[0].Scope, decoded[2].Scope);
        Assert.NotSame(decoded[0].Scope, decoded[3].Scope);
        Assert.Same(InstrumentationScope.EmptyScope, decoded[4].Scope);
        ConversionAssert.Equal(Result([.. expectedOrder.Select(i => WithSharedParts(input[i], decoded))]), _decoder.Decode(encoded));

        // Encoding the decoded batch again gives the same bytes: the structure is stable.
        Assert.Equal(encoded, OtlpProtobufEncoder.Encode(decoded));
    }

    /// <summary>The input span with the decoded Resource/Scope objects of its group, for the sharing check.</summary>
    private static Span WithSharedParts(Span s, IReadOnlyList<Span> decoded)
    {
        var twin = decoded.Single(d => d.SpanId == s.SpanId);
        return new Span
        {
            TraceId = s.TraceId, SpanId = s.SpanId, ParentSpanId = s.ParentSpanId, Name = s.Name, Kind = s.Kind,
            StartTimeUnixNano = s.StartTimeUnixNano, EndTimeUnixNano = s.EndTimeUnixNano, Attributes = s.Attributes,
            Resource = twin.Resource, Scope = twin.Scope,
        };
    }
}
