using System.Text;
using TraceBackend.Otlp;
using TraceBackend.Model;

namespace TraceBackend.Otlp.Tests;

public sealed class OtlpJsonDecoderTests
{
    private const string TraceHex = "5b8efff798038103d269b633813fc60c";
    private const string SpanHex = "eee19b7ec3c1b174";
    private const string ParentHex = "eee19b7ec3c1b173";

    private readonly OtlpJsonDecoder _decoder = new(new OtlpConverter());

    private OtlpConversionResult Decode(string json) => _decoder.Decode(Encoding.UTF8.GetBytes(json));

    private static string Wrap(string spans, string resource = """{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]}""") =>
        $$"""{"resourceSpans":[{"resource":{{resource}},"scopeSpans":[{"scope":{"name":"my.library","version":"1.0.0"},"spans":[{{spans}}]}]}]}""";

    [Fact]
    public void DecodesTheOtlpSpecExample()
    {
        var json = Wrap($$$"""
            {
              "traceId": "{{{TraceHex}}}", "spanId": "{{{SpanHex}}}", "parentSpanId": "{{{ParentHex}}}",
              "name": "I'm a server span", "startTimeUnixNano": "1544712660000000000", "endTimeUnixNano": "1544712661000000000",
              "kind": 2, "traceState": "a=b", "flags": 257,
              "attributes": [
                {"key": "my.span.attr", "value": {"stringValue": "some value"}},
                {"key": "n", "value": {"intValue": "-7"}},
                {"key": "d", "value": {"doubleValue": 2.5}},
                {"key": "b", "value": {"boolValue": true}},
                {"key": "raw", "value": {"bytesValue": "AQL/"}},
                {"key": "arr", "value": {"arrayValue": {"values": [{"stringValue": "x"}, {"intValue": 3} ]} } },
                {"key": "map", "value": {"kvlistValue": {"values": [{"key": "k", "value": {"stringValue": "v"} } ]} } },
                {"key": "nothing", "value": {}}
              ],
              "droppedAttributesCount": 1,
              "events": [{"timeUnixNano": "1544712660500000000", "name": "ev", "attributes": [{"key": "e", "value": {"stringValue": "1"}}], "droppedAttributesCount": 2}],
              "droppedEventsCount": 3,
              "links": [{"traceId": "{{{TraceHex}}}", "spanId": "{{{ParentHex}}}", "traceState": "x=y", "flags": 1, "attributes": [{"key": "l", "value": {"boolValue": false}}]}],
              "droppedLinksCount": 4,
              "status": {"code": 2, "message": "bad"}
            }
            """);

        var result = Decode(json);

        Assert.Equal(0, result.RejectedSpans);
        var span = Assert.Single(result.Spans);
        Assert.Equal(TraceHex, span.TraceId.ToHex32());
        Assert.Equal(SpanHex, span.SpanId.ToHex());
        Assert.Equal(ParentHex, span.ParentSpanId.ToHex());
        Assert.Equal("I'm a server span", span.Name);
        Assert.Equal(1544712660000000000ul, span.StartTimeUnixNano);
        Assert.Equal(1544712661000000000ul, span.EndTimeUnixNano);
        Assert.Equal(SpanKind.Server, span.Kind);
        Assert.Equal("a=b", span.TraceState);
        Assert.Equal(257u, span.Flags);
        Assert.Equal("my.service", span.ServiceName);
        Assert.Equal("my.library", span.Scope.Name);
        Assert.Equal("1.0.0", span.Scope.Version);
        var a = span.Attributes;
        Assert.Equal(AttributeValue.String("some value"), a[0].Value);
        Assert.Equal(AttributeValue.Int(-7), a[1].Value);
        Assert.Equal(AttributeValue.Double(2.5), a[2].Value);
        Assert.Equal(AttributeValue.Bool(true), a[3].Value);
        Assert.Equal(new byte[] { 1, 2, 255 }, a[4].Value.AsBytes.ToArray());
        Assert.Equal("[\"x\",3]", a[5].Value.ToString());
        Assert.Equal("{\"k\":\"v\"}", a[6].Value.ToString());
        Assert.Equal(AttributeType.Empty, a[7].Value.Type);
        Assert.Equal(1u, span.DroppedAttributesCount);
        var e = Assert.Single(span.Events);
        Assert.Equal((1544712660500000000ul, "ev", 2u), (e.TimeUnixNano, e.Name, e.DroppedAttributesCount));
        Assert.Equal(3u, span.DroppedEventsCount);
        var link = Assert.Single(span.Links);
        Assert.Equal((TraceHex, ParentHex, "x=y", 1u), (link.TraceId.ToHex32(), link.SpanId.ToHex(), link.TraceState, link.Flags));
        Assert.Equal(AttributeValue.Bool(false), link.Attributes[0].Value);
        Assert.Equal(4u, span.DroppedLinksCount);
        Assert.Equal(new SpanStatus(StatusCode.Error, "bad"), span.Status);
    }

    [Fact]
    public void AcceptsEnumNamesAndSnakeCaseAndNumbersForInt64()
    {
        var json = $$$"""
            {"resource_spans":[{"resource":{"attributes":[{"key":"service.name","value":{"string_value":"s"}}],"dropped_attributes_count":0},
             "scope_spans":[{"spans":[
               {"trace_id":"{{{TraceHex.ToUpperInvariant()}}}","span_id":"{{{SpanHex}}}","parent_span_id":"","name":"a","kind":"SPAN_KIND_CLIENT",
                "start_time_unix_nano":1544712660000000000,"end_time_unix_nano":"1544712661000000000",
                "attributes":[{"key":"i","value":{"int_value":9007199254740993}},{"key":"j","value":{"intValue":"9223372036854775807"}},
                              {"key":"f","value":{"double_value":"NaN"}},{"key":"b","value":{"bytes_value":"AQL_"}}],
                "status":{"code":"STATUS_CODE_ERROR"}},
               {"traceId":"{{{TraceHex}}}","spanId":"{{{ParentHex}}}","name":"b","kind":"SPAN_KIND_CONSUMER","startTimeUnixNano":"1","endTimeUnixNano":2e0,
                "status":{"code":1}}
             ]}]}]}
            """;

        var spans = Decode(json).Spans;

        Assert.Equal(2, spans.Count);
        Assert.Equal(TraceHex, spans[0].TraceId.ToHex32());
        Assert.True(spans[0].ParentSpanId.IsEmpty);
        Assert.Equal(SpanKind.Client, spans[0].Kind);
        Assert.Equal(1544712660000000000ul, spans[0].StartTimeUnixNano);
        Assert.Equal(9007199254740993L, spans[0].Attributes[0].Value.AsInt);
        Assert.Equal(long.MaxValue, spans[0].Attributes[1].Value.AsInt);
        Assert.True(double.IsNaN(spans[0].Attributes[2].Value.AsDouble));
        Assert.Equal(new byte[] { 1, 2, 255 }, spans[0].Attributes[3].Value.AsBytes.ToArray());
        Assert.Equal(StatusCode.Error, spans[0].Status.Code);
        Assert.Equal(SpanKind.Consumer, spans[1].Kind);
        Assert.Equal((1ul, 2ul), (spans[1].StartTimeUnixNano, spans[1].EndTimeUnixNano));
        Assert.Equal(StatusCode.Ok, spans[1].Status.Code);
    }

    [Fact]
    public void IgnoresUnknownFieldsAndNulls()
    {
        var json = Wrap($$"""
            {"traceId":"{{TraceHex}}","spanId":"{{SpanHex}}","name":"n","startTimeUnixNano":"1","endTimeUnixNano":"5",
             "future":{"deep":[1,{"x":null}]},"parentSpanId":null,"status":null,"links":null,"attributes":[{"key":"k","value":null}]}
            """, """{"attributes":[{"key":"service.name","value":{"stringValue":"s"}}],"entityRefs":[{"type":"t"}]}""")
            .Replace("{\"resourceSpans\"", "{\"extra\":[1,2],\"resourceSpans\"");

        var span = Assert.Single(Decode(json).Spans);

        Assert.Equal("n", span.Name);
        Assert.True(span.ParentSpanId.IsEmpty);
        Assert.Equal(AttributeType.Empty, span.Attributes[0].Value.Type);
    }

    [Theory]
    [InlineData("\"5b8efff798\"", "trace_id must be 16 bytes, got 5")]
    [InlineData("\"5b8efff798038103d269b633813fc60\"", "trace_id is not valid hex: odd number of digits (31)")]
    [InlineData("\"W47/95gDgQPSabYzgT/GDA==\"", "trace_id is not valid hex")]
    [InlineData("\"00000000000000000000000000000000\"", "trace_id must not be all zeros")]
    public void InvalidHexIdsRejectTheSpanOnly(string traceId, string detail)
    {
        var json = Wrap($$"""
            {"traceId":"{{TraceHex}}","spanId":"{{SpanHex}}","name":"ok"},
            {"traceId":{{traceId}},"spanId":"{{SpanHex}}","name":"bad"},
            {"traceId":"{{TraceHex}}","spanId":"{{ParentHex}}","name":"ok2"}
            """);

        var result = Decode(json);

        Assert.Equal(["ok", "ok2"], result.Spans.Select(s => s.Name));
        Assert.Equal(1, result.RejectedSpans);
        Assert.Equal(1, result.RejectedFor(RejectReason.InvalidTraceId));
        Assert.Equal("span 1 of scope 0 of resource 0: " + detail, result.ErrorMessage);
    }

    [Fact]
    public void InvalidSpanAndParentHexAreReportedByField()
    {
        var json = Wrap($$"""
            {"traceId":"{{TraceHex}}","spanId":"zz","name":"a"},
            {"traceId":"{{TraceHex}}","spanId":"{{SpanHex}}","parentSpanId":"123","name":"b"}
            """);

        var result = Decode(json);

        Assert.Empty(result.Spans);
        Assert.Equal(1, result.RejectedFor(RejectReason.InvalidSpanId));
        Assert.Equal(1, result.RejectedFor(RejectReason.InvalidParentSpanId));
        Assert.Equal(
            "span 0 of scope 0 of resource 0: span_id is not valid hex; span 1 of scope 0 of resource 0: parent_span_id is not valid hex: odd number of digits (3)",
            result.ErrorMessage);
    }

    [Theory]
    [InlineData("{\"startTimeUnixNano\":true}", "$.resourceSpans[0].scopeSpans[0].spans[2].startTimeUnixNano", "expected unsigned 64-bit integer")]
    [InlineData("{\"kind\":\"SPAN_KIND_WEIRD\"}", "$.resourceSpans[0].scopeSpans[0].spans[2].kind", "unknown enum value \"SPAN_KIND_WEIRD\"")]
    [InlineData("{\"attributes\":[{\"key\":\"a\",\"value\":{\"intValue\":\"x1\"}}]}", "$.resourceSpans[0].scopeSpans[0].spans[2].attributes[0].value.intValue", "expected 64-bit integer")]
    [InlineData("{\"events\":{}}", "$.resourceSpans[0].scopeSpans[0].spans[2].events", "expected array")]
    [InlineData("{\"name\":5}", "$.resourceSpans[0].scopeSpans[0].spans[2].name", "expected string")]
    [InlineData("{\"attributes\":[{\"key\":\"a\",\"value\":{\"bytesValue\":\"***\"}}]}", "$.resourceSpans[0].scopeSpans[0].spans[2].attributes[0].value.bytesValue", "expected base64 string")]
    public void WrongTypesFailWithTheJsonPath(string badSpan, string path, string what)
    {
        var json = Wrap($$"""{"name":"a"},{"name":"b"},{{badSpan}}""");

        var ex = Assert.Throws<OtlpDecodeException>(() => Decode(json));

        Assert.StartsWith($"invalid OTLP JSON at {path} (byte ", ex.Message);
        Assert.EndsWith(": " + what, ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"a\"")]
    [InlineData("{\"resourceSpans\":[]} trailing")]
    [InlineData("{\"resourceSpans\":[],}")]
    public void MalformedJsonFails(string json)
    {
        var ex = Assert.Throws<OtlpDecodeException>(() => Decode(json));
        Assert.StartsWith("invalid OTLP JSON at $", ex.Message);
    }

    [Fact]
    public void EscapedPropertyNamesAreMatched()
    {
        var json = Wrap($$"""{"trace\u0049d":"{{TraceHex}}","spanId":"{{SpanHex}}","name":"esc"}""");
        var span = Assert.Single(Decode(json).Spans);
        Assert.Equal(TraceHex, span.TraceId.ToHex32());
    }

    [Fact]
    public void EmptyObjectIsAnEmptyRequest()
    {
        var result = Decode("{}");
        Assert.Empty(result.Spans);
        Assert.Equal(0, result.RejectedSpans);
    }
}
