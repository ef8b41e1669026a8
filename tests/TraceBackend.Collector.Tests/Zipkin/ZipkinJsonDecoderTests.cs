using System.Text;
using TraceBackend.Collector.Zipkin;
using TraceBackend.Model;
using TraceBackend.Otlp;
using static TraceBackend.Collector.Tests.Zipkin.ZipkinAssert;

namespace TraceBackend.Collector.Tests.Zipkin;

public sealed class ZipkinJsonDecoderTests
{
    private const string Trace = "5b8efff798038103d269b633813fc60c";

    private static OtlpConversionResult Decode(string json) => ZipkinJsonDecoder.Decode(Encoding.UTF8.GetBytes(json));

    private static Span One(string spanJson)
    {
        var result = Decode("[" + spanJson + "]");
        Assert.Equal("", result.ErrorMessage);
        return Assert.Single(result.Spans);
    }

    /// <summary>A minimal valid span with extra JSON members spliced in.</summary>
    private static string SpanJson(string extra = "", string id = "0102030405060708") =>
        $$"""{"traceId":"{{Trace}}","id":"{{id}}","name":"op","timestamp":1700000000000000,"duration":1500,"localEndpoint":{"serviceName":"svc"}{{extra}}}""";

    [Fact]
    public void FullSpanMapsEveryField()
    {
        var span = One($$"""
            {"traceId":"{{Trace}}","parentId":"1111111111111111","id":"2222222222222222","kind":"SERVER","name":"get /api",
             "timestamp":1700000000123456,"duration":2500,"debug":true,"shared":true,
             "localEndpoint":{"serviceName":"frontend","ipv4":"192.0.2.10","port":8080},
             "remoteEndpoint":{"serviceName":"backend","ipv6":"2001:db8::1","port":9000},
             "annotations":[{"timestamp":1700000000124000,"value":"wr"},{"timestamp":1700000000125000,"value":"a|b"}],
             "tags":{"http.method":"GET","http.path":"/api"} }
            """);

        Assert.Equal(new TraceId(0x5b8efff798038103, 0xd269b633813fc60c), span.TraceId);
        Assert.Equal(new SpanId(0x2222222222222222), span.SpanId);
        Assert.Equal(new SpanId(0x1111111111111111), span.ParentSpanId);
        Assert.Equal("get /api", span.Name);
        Assert.Equal(SpanKind.Server, span.Kind);
        Assert.Equal(1_700_000_000_123_456_000UL, span.StartTimeUnixNano);
        Assert.Equal(1_700_000_000_125_956_000UL, span.EndTimeUnixNano);
        Assert.Equal("frontend", span.ServiceName);
        Assert.Equal([Str("service.name", "frontend")], span.Resource.Attributes.ToArray());
        Assert.Equal(
            [Str("http.method", "GET"), Str("http.path", "/api"), Str("net.host.ip", "192.0.2.10"), Int("net.host.port", 8080),
             Str("peer.service", "backend"), Str("net.peer.ip", "2001:db8::1"), Int("net.peer.port", 9000)],
            span.Attributes.ToArray());
        Assert.Equal(2, span.Events.Length);
        Assert.Equal((1_700_000_000_124_000_000UL, "wr"), (span.Events[0].TimeUnixNano, span.Events[0].Name));
        Assert.Equal("a|b", span.Events[1].Name);
        Assert.Empty(span.Events[1].Attributes);
        Assert.Equal(SpanStatus.Unset, span.Status);
        Assert.Same(InstrumentationScope.EmptyScope, span.Scope);
        Assert.Equal("", span.TraceState);
        Assert.Equal(0u, span.Flags);
        Assert.Empty(span.Warnings);
    }

    [Theory]
    [InlineData("463ac35c9f6413ad", 0UL, 0x463ac35c9f6413adUL)]
    [InlineData("3ac35c9f6413ad", 0UL, 0x3ac35c9f6413adUL)]
    [InlineData("48485a3953bb6124463ac35c9f6413ad", 0x48485a3953bb6124UL, 0x463ac35c9f6413adUL)]
    [InlineData("A8485A3953BB6124463AC35C9F6413AD", 0xa8485a3953bb6124UL, 0x463ac35c9f6413adUL)]
    public void TraceIdsOf64BitsAreLeftPadded(string hex, ulong high, ulong low)
    {
        var span = One($$"""{"traceId":"{{hex}}","id":"01"}""");

        Assert.Equal(new TraceId(high, low), span.TraceId);
        Assert.Equal(new SpanId(1), span.SpanId);
    }

    [Theory]
    [InlineData("\"kind\":\"CLIENT\"", SpanKind.Client)]
    [InlineData("\"kind\":\"SERVER\"", SpanKind.Server)]
    [InlineData("\"kind\":\"PRODUCER\"", SpanKind.Producer)]
    [InlineData("\"kind\":\"CONSUMER\"", SpanKind.Consumer)]
    [InlineData("\"kind\":null", SpanKind.Unspecified)]
    [InlineData("\"tags\":{\"span.kind\":\"client\"}", SpanKind.Unspecified)]
    public void KindMapsToSpanKind(string member, SpanKind expected)
    {
        var span = One(SpanJson("," + member));

        Assert.Equal(expected, span.Kind);
        Assert.Empty(span.Warnings);
    }

    [Fact]
    public void SpanKindInternalTagWithoutKindGivesInternalAndIsRemoved()
    {
        var local = One(SpanJson(""","tags":{"span.kind":"internal","a":"b"}"""));
        var withKind = One(SpanJson(""","kind":"CLIENT","tags":{"span.kind":"internal"}"""));

        Assert.Equal(SpanKind.Internal, local.Kind);
        Assert.Equal([Str("a", "b")], local.Attributes.ToArray());
        Assert.Equal(SpanKind.Client, withKind.Kind);
        Assert.Equal([Str("span.kind", "internal")], withKind.Attributes.ToArray());
    }

    [Fact]
    public void UnknownKindIsUnspecifiedWithWarning()
    {
        var span = One(SpanJson(""","kind":"client" """));

        Assert.Equal(SpanKind.Unspecified, span.Kind);
        Assert.Equal(["unknown zipkin span kind \"client\"; treated as unspecified"], span.Warnings.ToArray());
    }

    [Fact]
    public void ErrorTagMarksStatusErrorAndIsRemovedOnlyWhenTrue()
    {
        var isTrue = One(SpanJson(""","tags":{"error":"true","x":"y"}"""));
        var message = One(SpanJson(""","tags":{"error":"connection refused"}"""));
        var empty = One(SpanJson(""","tags":{"error":""}"""));

        Assert.Equal(new SpanStatus(StatusCode.Error, ""), isTrue.Status);
        Assert.Equal([Str("x", "y")], isTrue.Attributes.ToArray());
        Assert.Equal(new SpanStatus(StatusCode.Error, ""), message.Status);
        Assert.Equal([Str("error", "connection refused")], message.Attributes.ToArray());
        Assert.Equal(StatusCode.Error, empty.Status.Code);
    }

    [Theory]
    [InlineData("OK", StatusCode.Ok)]
    [InlineData("STATUS_CODE_OK", StatusCode.Ok)]
    [InlineData("Error", StatusCode.Error)]
    [InlineData("STATUS_CODE_ERROR", StatusCode.Error)]
    [InlineData("Unset", StatusCode.Unset)]
    public void OtelStatusCodeTagSetsStatusAndWinsOverError(string value, StatusCode expected)
    {
        var span = One(SpanJson($$""","tags":{"otel.status_code":"{{value}}","otel.status_description":"why","error":"true"}"""));

        Assert.Equal(new SpanStatus(expected, "why"), span.Status);
        Assert.Equal([Str("error", "true")], span.Attributes.ToArray());
    }

    [Fact]
    public void UnknownOtelStatusCodeStaysAnAttribute()
    {
        var span = One(SpanJson(""","tags":{"otel.status_code":"MAYBE"}"""));

        Assert.Equal(SpanStatus.Unset, span.Status);
        Assert.Equal([Str("otel.status_code", "MAYBE")], span.Attributes.ToArray());
    }

    [Fact]
    public void LibraryTagsBecomeTheScopeAndTraceStateTagTheTraceState()
    {
        var result = Decode("[" + SpanJson(""","tags":{"otel.library.name":"lib","otel.library.version":"1.2","w3c.tracestate":"a=b","k":"v"}""")
            + "," + SpanJson(""","tags":{"otel.scope.name":"lib","otel.scope.version":"1.2"}""", id: "02") + "]");

        var (a, b) = (result.Spans[0], result.Spans[1]);
        Assert.Equal(("lib", "1.2"), (a.Scope.Name, a.Scope.Version));
        Assert.Same(a.Scope, b.Scope);
        Assert.Equal("a=b", a.TraceState);
        Assert.Equal([Str("k", "v")], a.Attributes.ToArray());
        Assert.Empty(b.Attributes);
    }

    [Fact]
    public void SpansOfOneServiceShareOneResource()
    {
        var result = Decode("[" + SpanJson() + "," + SpanJson(id: "02") + ","
            + SpanJson().Replace("\"svc\"", "\"other\"").Replace("0102030405060708", "03") + "]");

        Assert.Same(result.Spans[0].Resource, result.Spans[1].Resource);
        Assert.Equal("other", result.Spans[2].ServiceName);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",\"localEndpoint\":{\"serviceName\":\"\"}")]
    [InlineData(",\"localEndpoint\":{\"ipv4\":\"192.0.2.1\"}")]
    public void MissingOrEmptyServiceNameIsSanitized(string member)
    {
        var span = One($$"""{"traceId":"{{Trace}}","id":"01","name":"x","timestamp":10,"duration":1{{member}}}""");

        Assert.Equal(SpanSanitizer.MissingServiceName, span.ServiceName);
        Assert.Equal([SpanSanitizer.MissingServiceNameWarning], span.Warnings.ToArray());
    }

    [Fact]
    public void MissingTimestampStartsAtEpochWithAbsentFieldAttribute()
    {
        var span = One($$"""{"traceId":"{{Trace}}","id":"01","name":"x","duration":7,"localEndpoint":{"serviceName":"s"} }""");

        Assert.Equal(0UL, span.StartTimeUnixNano);
        Assert.Equal(7000UL, span.EndTimeUnixNano);
        Assert.Equal([new KeyValue("otel.zipkin.absentField.startTime", AttributeValue.Bool(true))], span.Attributes.ToArray());
    }

    [Fact]
    public void SanitizersFixEmptyNameAndMissingDuration()
    {
        var span = One($$"""{"traceId":"{{Trace}}","id":"01","timestamp":5,"localEndpoint":{"serviceName":"s"} }""");

        Assert.Equal(SpanSanitizer.EmptySpanName, span.Name);
        Assert.Equal(5001UL, span.EndTimeUnixNano);
        Assert.Equal([SpanSanitizer.EmptySpanNameWarning, SpanSanitizer.EndTimeWarning(5000, 5000)], span.Warnings.ToArray());
    }

    [Fact]
    public void ParentEqualToOwnIdOrZeroMeansNoParent()
    {
        var self = One(SpanJson(""","parentId":"0102030405060708" """));
        var zero = One(SpanJson(""","parentId":"0000000000000000" """));

        Assert.True(self.ParentSpanId.IsEmpty);
        Assert.True(zero.ParentSpanId.IsEmpty);
    }

    [Fact]
    public void ExporterFormAnnotationsCarryAttributes()
    {
        var span = One(SpanJson(""","annotations":[{"timestamp":3,"value":"exception|{\"exception.type\":\"IOException\",\"retry\":2,\"ratio\":0.5,\"ok\":false,\"list\":[1]}|4"}]"""));

        var e = Assert.Single(span.Events);
        Assert.Equal("exception", e.Name);
        Assert.Equal(3000UL, e.TimeUnixNano);
        Assert.Equal(4u, e.DroppedAttributesCount);
        Assert.Equal(
            [Str("exception.type", "IOException"), Int("retry", 2), new KeyValue("ratio", AttributeValue.Double(0.5)),
             new KeyValue("ok", AttributeValue.Bool(false)), Str("list", "[1]")],
            e.Attributes.ToArray());
    }

    [Fact]
    public void NullMembersAreAbsentAndRepeatedTagsKeepTheLastValue()
    {
        var span = One($$"""
            {"traceId":"{{Trace}}","id":"01","parentId":null,"name":null,"kind":null,"timestamp":9,"duration":null,"debug":null,
             "localEndpoint":{"serviceName":"s","ipv4":null,"port":null},"remoteEndpoint":null,"annotations":null,"tags":{"a":"1","a":"2"},"extra":[1,{}]}
            """);

        Assert.True(span.ParentSpanId.IsEmpty);
        Assert.Equal([Str("a", "2")], span.Attributes.ToArray());
    }

    [Theory]
    [InlineData("{}", "invalid Zipkin JSON: the body must be an array of spans, got an object")]
    [InlineData("[1]", "invalid Zipkin JSON: span 0 must be an object, got a number")]
    [InlineData("[{\"id\":\"01\"}]", "invalid Zipkin JSON: span 0: \"traceId\" is required")]
    [InlineData("[{\"traceId\":\"01\"}]", "invalid Zipkin JSON: span 0: \"id\" is required")]
    [InlineData("[{\"traceId\":1,\"id\":\"01\"}]", "invalid Zipkin JSON: span 0: \"traceId\" must be a string, got a number (1)")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"name\":false}]", "invalid Zipkin JSON: span 0: \"name\" must be a string, got a boolean (false)")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"kind\":2}]", "invalid Zipkin JSON: span 0: \"kind\" must be a string, got a number (2)")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"timestamp\":-1}]", "invalid Zipkin JSON: span 0: \"timestamp\" must be a non-negative integer (microseconds), got a number (-1)")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"timestamp\":1.5}]", "invalid Zipkin JSON: span 0: \"timestamp\" must be a non-negative integer (microseconds), got a number (1.5)")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"duration\":\"5\"}]", "invalid Zipkin JSON: span 0: \"duration\" must be a non-negative integer (microseconds), got a string (\"5\")")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"debug\":\"true\"}]", "invalid Zipkin JSON: span 0: \"debug\" must be a boolean, got a string (\"true\")")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"shared\":1}]", "invalid Zipkin JSON: span 0: \"shared\" must be a boolean, got a number (1)")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"tags\":[]}]", "invalid Zipkin JSON: span 0: \"tags\" must be an object of strings, got an array")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"tags\":{\"n\":200}}]", "invalid Zipkin JSON: span 0: \"tags.n\" must be a string, got a number (200)")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"annotations\":{}}]", "invalid Zipkin JSON: span 0: \"annotations\" must be an array, got an object")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"annotations\":[\"x\"]}]", "invalid Zipkin JSON: span 0: \"annotations[0]\" must be an object, got a string")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"annotations\":[{\"value\":\"x\"}]}]", "invalid Zipkin JSON: span 0: \"annotations[0].timestamp\" is required")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"annotations\":[{\"timestamp\":1}]}]", "invalid Zipkin JSON: span 0: \"annotations[0].value\" is required")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"localEndpoint\":\"svc\"}]", "invalid Zipkin JSON: span 0: \"localEndpoint\" must be an object, got a string")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"localEndpoint\":{\"serviceName\":7}}]", "invalid Zipkin JSON: span 0: \"localEndpoint.serviceName\" must be a string, got a number (7)")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"localEndpoint\":{\"ipv4\":\"::1\"}}]", "invalid Zipkin JSON: span 0: \"localEndpoint.ipv4\" \"::1\" is not an IPv4 address")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"remoteEndpoint\":{\"ipv6\":\"nope\"}}]", "invalid Zipkin JSON: span 0: \"remoteEndpoint.ipv6\" \"nope\" is not an IPv6 address")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\",\"remoteEndpoint\":{\"port\":70000}}]", "invalid Zipkin JSON: span 0: \"remoteEndpoint.port\" must be an integer from 0 to 65535, got a number (70000)")]
    [InlineData("[{\"traceId\":\"01\",\"id\":\"01\"},{\"traceId\":\"01\"}]", "invalid Zipkin JSON: span 1: \"id\" is required")]
    public void WrongShapesFailTheRequestNamingSpanAndField(string json, string message)
    {
        var ex = Assert.Throws<ZipkinDecodeException>(() => Decode(json));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void SyntaxErrorsAndTimeOverflowFailTheRequest()
    {
        var syntax = Assert.Throws<ZipkinDecodeException>(() => Decode("[{\"traceId\":"));
        var overflow = Assert.Throws<ZipkinDecodeException>(() => Decode("[{\"traceId\":\"01\",\"id\":\"01\",\"timestamp\":18446744073709552}]"));

        Assert.StartsWith("invalid Zipkin JSON: ", syntax.Message);
        Assert.Equal("span 0: timestamp 18446744073709552 µs does not fit in 64-bit nanoseconds", overflow.Message);
    }

    [Fact]
    public void InvalidIdsRejectOnlyTheirSpan()
    {
        var result = Decode("[" + string.Join(",",
            SpanJson(id: "01"),
            SpanJson().Replace(Trace, "xyz"),
            SpanJson().Replace(Trace, Trace + "0"),
            SpanJson().Replace(Trace, "0000"),
            SpanJson(id: "12345678901234567"),
            SpanJson(id: "0"),
            SpanJson(""","parentId":"zz" """, id: "07"),
            SpanJson(id: "08")) + "]");

        Assert.Equal([new SpanId(1), new SpanId(8)], result.Spans.Select(s => s.SpanId).ToArray());
        Assert.Equal(6, result.RejectedSpans);
        Assert.Equal(3, result.RejectedFor(RejectReason.InvalidTraceId));
        Assert.Equal(2, result.RejectedFor(RejectReason.InvalidSpanId));
        Assert.Equal(1, result.RejectedFor(RejectReason.InvalidParentSpanId));
        Assert.Equal(
            "span 1: traceId \"xyz\" is not 1-32 hex digits; span 2: traceId \"5b8efff798038103d269b633813fc60c0\" is not 1-32 hex digits; "
            + "span 3: traceId must not be all zeros; span 4: id \"12345678901234567\" is not 1-16 hex digits; span 5: id must not be all zeros; "
            + "and 1 more rejected spans",
            result.ErrorMessage);
    }

    [Fact]
    public void EmptyListDecodesToNothing()
    {
        var result = Decode("[]");

        Assert.Empty(result.Spans);
        Assert.Equal(0, result.RejectedSpans);
    }
}
