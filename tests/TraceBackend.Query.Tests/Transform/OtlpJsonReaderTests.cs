using System.Text.Json;
using TraceBackend.Model;
using TraceBackend.Query.Json;
using TraceBackend.Query.Transform;
using TraceBackend.Query.Tests.Support;
using static TraceBackend.Query.Tests.Support.TestSpans;

namespace TraceBackend.Query.Tests.Transform;

public sealed class OtlpJsonReaderTests
{
    [Fact]
    public void Round_trips_what_the_otlp_writer_produces()
    {
        var span = new Span
        {
            TraceId = Trace128,
            SpanId = new SpanId(0x00f067aa0ba902b7),
            ParentSpanId = new SpanId(9),
            TraceState = "k=v",
            Flags = 1,
            Name = "op",
            Kind = SpanKind.Consumer,
            StartTimeUnixNano = 1_718_000_000_123_456_789,
            EndTimeUnixNano = 1_718_000_000_223_456_789,
            Attributes =
            [
                Str("s", "x"), Int("i", long.MaxValue), new KeyValue("b", AttributeValue.Bool(true)),
                new KeyValue("d", AttributeValue.Double(double.NaN)), new KeyValue("y", AttributeValue.Bytes([1, 2, 3])),
                new KeyValue("a", AttributeValue.Array([AttributeValue.Int(1)])), new KeyValue("m", AttributeValue.KvList([Str("k", "v")])),
            ],
            Events = [new SpanEvent { TimeUnixNano = 5, Name = "e", Attributes = [Str("ek", "ev")] }],
            Links = [new SpanLink { TraceId = Trace64, SpanId = new SpanId(3), Attributes = [Str("opentracing.ref_type", "child_of")] }],
            Status = new SpanStatus(StatusCode.Error, "bad"),
            Resource = Resource("svc", Str("host", "h")),
            Scope = new InstrumentationScope("lib", "1.0"),
            DroppedLinksCount = 2,
        };
        var json = JsonHelpers.Render(w => OtlpJsonWriter.WriteTracesData(w, [new Trace(Trace128, [span])]));
        var read = Assert.Single(OtlpJsonReader.ReadSpans(json));

        Assert.Equal(span.TraceId, read.TraceId);
        Assert.Equal(span.SpanId, read.SpanId);
        Assert.Equal(span.ParentSpanId, read.ParentSpanId);
        Assert.Equal((span.TraceState, span.Flags, span.Name, span.Kind), (read.TraceState, read.Flags, read.Name, read.Kind));
        Assert.Equal((span.StartTimeUnixNano, span.EndTimeUnixNano), (read.StartTimeUnixNano, read.EndTimeUnixNano));
        Assert.Equal(span.Attributes.Select(a => a.Key), read.Attributes.Select(a => a.Key));
        Assert.True(double.IsNaN(read.Attributes[3].Value.AsDouble));
        Assert.Equal(span.Attributes.RemoveAt(3), read.Attributes.RemoveAt(3));
        Assert.Equal("e", read.Events[0].Name);
        Assert.Equal(span.Links[0].TraceId, read.Links[0].TraceId);
        Assert.Equal(span.Status, read.Status);
        Assert.True(span.Resource.ContentEquals(read.Resource));
        Assert.Equal(("lib", "1.0"), (read.Scope.Name, read.Scope.Version));
        Assert.Equal(2u, read.DroppedLinksCount);
    }

    [Fact]
    public void Accepts_snake_case_numbers_and_enum_names()
    {
        var json = JsonDocument.Parse("""
            {"resource_spans":[{"scope_spans":[{"spans":[{
              "trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7",
              "kind":"SPAN_KIND_SERVER","start_time_unix_nano":1000,"end_time_unix_nano":"2000",
              "attributes":[{"key":"n","value":{"int_value":7}}],
              "status":{"code":"STATUS_CODE_OK"}}]}]}]}
            """).RootElement;
        var span = Assert.Single(OtlpJsonReader.ReadSpans(json));
        Assert.Equal(SpanKind.Server, span.Kind);
        Assert.Equal(1000UL, span.StartTimeUnixNano);
        Assert.Equal(2000UL, span.EndTimeUnixNano);
        Assert.Equal(AttributeValue.Int(7), span.Attributes[0].Value);
        Assert.Equal(StatusCode.Ok, span.Status.Code);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"resourceSpans\":{}}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"abc\",\"spanId\":\"00f067aa0ba902b7\"}]}]}]}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"x\"}]}]}]}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"kind\":9}]}]}]}")]
    public void Rejects_malformed_documents(string text)
    {
        Assert.Throws<FormatException>(() => OtlpJsonReader.ReadSpans(JsonDocument.Parse(text).RootElement));
    }
}
