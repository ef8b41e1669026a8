using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceBackend.Otlp.Tests.Support;
using static TraceBackend.Otlp.Tests.Support.ModelSpans;

namespace TraceBackend.Otlp.Tests;

/// <summary>The encoder's bytes are exactly what Google.Protobuf writes for the message they parse to.</summary>
public sealed class OtlpProtobufEncoderWireTests
{
    private readonly OtlpConverter _converter = new();
    private readonly OtlpProtobufDecoder _decoder;

    public OtlpProtobufEncoderWireTests() => _decoder = new OtlpProtobufDecoder(_converter);

    [Fact]
    public void HotRod_bytes_equal_Google_Protobuf_reserialization()
    {
        foreach (var decoded in HotRod(_decoder, 3))
        {
            var encoded = OtlpProtobufEncoder.Encode(decoded.Spans);
            var parsed = ExportTraceServiceRequest.Parser.ParseFrom(encoded);
            Assert.Equal(decoded.Spans.Count, parsed.ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count)));
            Assert.Equal(encoded, parsed.ToByteArray());
        }
    }

    [Fact]
    public void HotRod_requests_come_back_as_the_generated_message()
    {
        var generator = new TraceBackend.LoadGen.Generation.HotRodTraceGenerator(5);
        var batches = TraceBackend.LoadGen.Otlp.OtlpRequestBatcher.Pack(
            generator.Generate(20, new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromMilliseconds(100)), 500);
        foreach (var batch in batches)
        {
            var spans = _decoder.Decode(batch.Request.ToByteArray()).Spans;
            Assert.Equal(batch.Request, ExportTraceServiceRequest.Parser.ParseFrom(OtlpProtobufEncoder.Encode(spans)));
        }
    }

    [Fact]
    public void Edge_case_bytes_equal_Google_Protobuf_reserialization()
    {
        var spans = OtlpProtobufEncoderRoundTripTests.EdgeCaseSpans(_converter.Keys);
        var encoded = OtlpProtobufEncoder.Encode(spans);
        var parsed = ExportTraceServiceRequest.Parser.ParseFrom(encoded);
        Assert.Equal(encoded, parsed.ToByteArray());

        // The set AnyValue case survives even when it holds the default value.
        var attributes = parsed.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.ToDictionary(a => a.Key, a => a.Value);
        Assert.Equal(OpenTelemetry.Proto.Common.V1.AnyValue.ValueOneofCase.IntValue, attributes["i.zero"].ValueCase);
        Assert.Equal(OpenTelemetry.Proto.Common.V1.AnyValue.ValueOneofCase.BoolValue, attributes["b.false"].ValueCase);
        Assert.Equal(OpenTelemetry.Proto.Common.V1.AnyValue.ValueOneofCase.StringValue, attributes["s.empty"].ValueCase);
        Assert.Equal(OpenTelemetry.Proto.Common.V1.AnyValue.ValueOneofCase.DoubleValue, attributes["d.zero"].ValueCase);
        Assert.Equal(OpenTelemetry.Proto.Common.V1.AnyValue.ValueOneofCase.BytesValue, attributes["bytes.empty"].ValueCase);
        Assert.Equal(OpenTelemetry.Proto.Common.V1.AnyValue.ValueOneofCase.None, attributes["empty"].ValueCase);

        var root = parsed.ResourceSpans[0].ScopeSpans[1].Spans[0];
        Assert.Equal("root", root.Name);
        Assert.True(root.ParentSpanId.IsEmpty);
        Assert.Null(root.Status);
        Assert.Equal(ByteString.CopyFrom(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xDE, 0xAD, 0xBE, 0xEF), root.TraceId);
    }
}
