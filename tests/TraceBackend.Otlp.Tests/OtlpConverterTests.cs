using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using KeyValue = TraceBackend.Model.KeyValue;
using ProtoScope = OpenTelemetry.Proto.Common.V1.InstrumentationScope;
using OpenTelemetry.Proto.Trace.V1;
using TraceBackend.Otlp;
using TraceBackend.Collector.Tests.Support;
using TraceBackend.Model;
using ProtoResource = OpenTelemetry.Proto.Resource.V1.Resource;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;
using ProtoStatus = OpenTelemetry.Proto.Trace.V1.Status;

namespace TraceBackend.Otlp.Tests;

public sealed class OtlpConverterTests
{
    private readonly OtlpConverter _converter = new();

    [Fact]
    public void MapsEveryField()
    {
        var ps = TestData.Span(7, "GET /users");
        ps.ParentSpanId = TestData.SpanId(3);
        ps.TraceState = "k=v";
        ps.Flags = 0x301;
        ps.Kind = ProtoSpan.Types.SpanKind.Client;
        ps.Attributes.Add(TestData.Attr("http.method", "GET"));
        ps.DroppedAttributesCount = 2;
        ps.Events.Add(new ProtoSpan.Types.Event { TimeUnixNano = TestData.BaseTime + 50, Name = "exception", DroppedAttributesCount = 1 });
        ps.Events[0].Attributes.Add(TestData.Attr("exception.message", "boom"));
        ps.DroppedEventsCount = 3;
        ps.Links.Add(new ProtoSpan.Types.Link { TraceId = TestData.TraceId(99), SpanId = TestData.SpanId(98), TraceState = "a=b", Flags = 1, DroppedAttributesCount = 4 });
        ps.Links[0].Attributes.Add(TestData.Attr("opentracing.ref_type", "child_of"));
        ps.DroppedLinksCount = 5;
        ps.Status = new ProtoStatus { Code = ProtoStatus.Types.StatusCode.Error, Message = "failed" };
        var request = TestData.Request("frontend", ps);
        request.ResourceSpans[0].Resource.Attributes.Add(TestData.Attr("host.name", "h1"));
        request.ResourceSpans[0].Resource.DroppedAttributesCount = 6;
        var scope = request.ResourceSpans[0].ScopeSpans[0].Scope;
        scope.Version = "1.2.3";
        scope.Attributes.Add(TestData.Attr("scope.attr", "x"));
        scope.DroppedAttributesCount = 7;

        var result = _converter.Convert(request);

        Assert.Equal(0, result.RejectedSpans);
        Assert.Equal("", result.ErrorMessage);
        var span = Assert.Single(result.Spans);
        Assert.Equal(new TraceId(0xAB00_0000_0000_0000, 7), span.TraceId);
        Assert.Equal(new SpanId(7), span.SpanId);
        Assert.Equal(new SpanId(3), span.ParentSpanId);
        Assert.Equal("k=v", span.TraceState);
        Assert.Equal(0x301u, span.Flags);
        Assert.Equal("GET /users", span.Name);
        Assert.Equal(SpanKind.Client, span.Kind);
        Assert.Equal(TestData.BaseTime + 7, span.StartTimeUnixNano);
        Assert.Equal(TestData.BaseTime + 1007, span.EndTimeUnixNano);
        Assert.Equal([new KeyValue("http.method", AttributeValue.String("GET"))], span.Attributes);
        Assert.Equal(2u, span.DroppedAttributesCount);
        var e = Assert.Single(span.Events);
        Assert.Equal(TestData.BaseTime + 50, e.TimeUnixNano);
        Assert.Equal("exception", e.Name);
        Assert.Equal([new KeyValue("exception.message", AttributeValue.String("boom"))], e.Attributes);
        Assert.Equal(1u, e.DroppedAttributesCount);
        Assert.Equal(3u, span.DroppedEventsCount);
        var link = Assert.Single(span.Links);
        Assert.Equal(new TraceId(0xAB00_0000_0000_0000, 99), link.TraceId);
        Assert.Equal(new SpanId(98), link.SpanId);
        Assert.Equal("a=b", link.TraceState);
        Assert.Equal(1u, link.Flags);
        Assert.Equal(4u, link.DroppedAttributesCount);
        Assert.Equal([new KeyValue("opentracing.ref_type", AttributeValue.String("child_of"))], link.Attributes);
        Assert.Equal(5u, span.DroppedLinksCount);
        Assert.Equal(new SpanStatus(StatusCode.Error, "failed"), span.Status);
        Assert.Equal("frontend", span.ServiceName);
        Assert.Equal(
            [new KeyValue("service.name", AttributeValue.String("frontend")), new KeyValue("host.name", AttributeValue.String("h1"))],
            span.Resource.Attributes);
        Assert.Equal(6u, span.Resource.DroppedAttributesCount);
        Assert.Equal("test-scope", span.Scope.Name);
        Assert.Equal("1.2.3", span.Scope.Version);
        Assert.Equal([new KeyValue("scope.attr", AttributeValue.String("x"))], span.Scope.Attributes);
        Assert.Equal(7u, span.Scope.DroppedAttributesCount);
        Assert.Empty(span.Warnings);
    }

    [Fact]
    public void MapsEveryAttributeType()
    {
        var nested = new AnyValue { ArrayValue = new ArrayValue() };
        nested.ArrayValue.Values.Add(new AnyValue { StringValue = "a" });
        nested.ArrayValue.Values.Add(new AnyValue { IntValue = 2 });
        var inner = new AnyValue { KvlistValue = new KeyValueList() };
        inner.KvlistValue.Values.Add(TestData.Attr("deep", new AnyValue { BoolValue = false }));
        nested.ArrayValue.Values.Add(inner);
        nested.ArrayValue.Values.Add(new AnyValue());
        var map = new AnyValue { KvlistValue = new KeyValueList() };
        map.KvlistValue.Values.Add(TestData.Attr("k", "v"));
        map.KvlistValue.Values.Add(TestData.Attr("d", new AnyValue { DoubleValue = 1.5 }));

        var ps = TestData.Span(1);
        ps.Attributes.Add(TestData.Attr("s", "text"));
        ps.Attributes.Add(TestData.Attr("b", new AnyValue { BoolValue = true }));
        ps.Attributes.Add(TestData.Attr("i", new AnyValue { IntValue = -42 }));
        ps.Attributes.Add(TestData.Attr("d", new AnyValue { DoubleValue = 3.25 }));
        ps.Attributes.Add(TestData.Attr("bytes", new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 255) }));
        ps.Attributes.Add(TestData.Attr("arr", nested));
        ps.Attributes.Add(TestData.Attr("map", map));
        ps.Attributes.Add(TestData.Attr("empty", new AnyValue()));
        ps.Attributes.Add(new OpenTelemetry.Proto.Common.V1.KeyValue { Key = "novalue" });
        ps.Attributes.Add(TestData.Attr("emptystr", ""));

        var span = Assert.Single(_converter.Convert(TestData.Request("svc", ps)).Spans);

        var a = span.Attributes;
        Assert.Equal(10, a.Length);
        Assert.Equal(("s", AttributeValue.String("text")), (a[0].Key, a[0].Value));
        Assert.True(a[1].Value.AsBool);
        Assert.Equal(-42, a[2].Value.AsInt);
        Assert.Equal(3.25, a[3].Value.AsDouble);
        Assert.Equal(new byte[] { 1, 2, 255 }, a[4].Value.AsBytes.ToArray());
        Assert.Equal(AttributeType.Array, a[5].Value.Type);
        var items = a[5].Value.AsArray;
        Assert.Equal(4, items.Length);
        Assert.Equal("a", items[0].AsString);
        Assert.Equal(2, items[1].AsInt);
        Assert.Equal(AttributeType.KvList, items[2].Type);
        Assert.Equal(new KeyValue("deep", AttributeValue.Bool(false)), Assert.Single(items[2].AsKvList));
        Assert.Equal(AttributeType.Empty, items[3].Type);
        Assert.Equal("[\"a\",2,{\"deep\":false},null]", a[5].Value.ToString());
        Assert.Equal("{\"k\":\"v\",\"d\":1.5}", a[6].Value.ToString());
        Assert.Equal(AttributeType.Empty, a[7].Value.Type);
        Assert.Equal(AttributeType.Empty, a[8].Value.Type);
        Assert.Equal(AttributeValue.String(""), a[9].Value);
    }

    [Fact]
    public void SharesResourceAndScopeObjectsAndInternsKeys()
    {
        var request = TestData.Request(3);
        foreach (var ps in request.ResourceSpans[0].ScopeSpans[0].Spans)
        {
            ps.Attributes.Add(TestData.Attr(new string("http.route".AsSpan()), "/x"));
        }

        var second = new ScopeSpans { Scope = new ProtoScope { Name = "other" } };
        second.Spans.Add(TestData.Span(10));
        request.ResourceSpans[0].ScopeSpans.Add(second);
        var other = TestData.Request(1, first: 20);
        request.ResourceSpans.Add(other.ResourceSpans[0]);

        var spans = _converter.Convert(request).Spans;

        Assert.Equal(5, spans.Count);
        Assert.Same(spans[0].Resource, spans[1].Resource);
        Assert.Same(spans[0].Resource, spans[3].Resource);
        Assert.NotSame(spans[0].Resource, spans[4].Resource);
        Assert.Same(spans[0].Scope, spans[2].Scope);
        Assert.NotSame(spans[0].Scope, spans[3].Scope);
        Assert.Equal("other", spans[3].Scope.Name);
        Assert.Same(spans[0].Attributes[0].Key, spans[2].Attributes[0].Key);

        var later = TestData.Request(1);
        later.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.Add(TestData.Attr(new string("http.route".AsSpan()), "/y"));
        Assert.Same(spans[0].Attributes[0].Key, _converter.Convert(later).Spans[0].Attributes[0].Key);
    }

    [Fact]
    public void NoScopeMeansTheSharedEmptyScope()
    {
        var request = TestData.Request(1);
        request.ResourceSpans[0].ScopeSpans[0].Scope = null;
        Assert.Same(TraceBackend.Model.InstrumentationScope.EmptyScope, _converter.Convert(request).Spans[0].Scope);
    }

    [Theory]
    [InlineData("trace", 5, "trace_id must be 16 bytes, got 5", RejectReason.InvalidTraceId)]
    [InlineData("trace", 0, "trace_id must be 16 bytes, got 0", RejectReason.InvalidTraceId)]
    [InlineData("trace-zero", 16, "trace_id must not be all zeros", RejectReason.InvalidTraceId)]
    [InlineData("span", 4, "span_id must be 8 bytes, got 4", RejectReason.InvalidSpanId)]
    [InlineData("span-zero", 8, "span_id must not be all zeros", RejectReason.InvalidSpanId)]
    [InlineData("parent", 3, "parent_span_id must be empty or 8 bytes, got 3", RejectReason.InvalidParentSpanId)]
    public void RejectsInvalidIdsAndKeepsTheRest(string field, int length, string detail, RejectReason reason)
    {
        var request = TestData.Request(5);
        var bad = request.ResourceSpans[0].ScopeSpans[0].Spans[3];
        var bytes = ByteString.CopyFrom(new byte[length]);
        var nonZero = ByteString.CopyFrom([.. Enumerable.Repeat((byte)1, length)]);
        switch (field)
        {
            case "trace": bad.TraceId = nonZero; break;
            case "trace-zero": bad.TraceId = bytes; break;
            case "span": bad.SpanId = nonZero; break;
            case "span-zero": bad.SpanId = bytes; break;
            case "parent": bad.ParentSpanId = nonZero; break;
        }

        var result = _converter.Convert(request);

        Assert.Equal(4, result.Spans.Count);
        Assert.DoesNotContain(result.Spans, s => s.SpanId == new SpanId(4));
        Assert.Equal(1, result.RejectedSpans);
        Assert.Equal(1, result.RejectedFor(reason));
        Assert.Equal($"span 3 of scope 0 of resource 0: {detail}", result.ErrorMessage);
    }

    [Fact]
    public void AllZeroParentMeansRoot()
    {
        var request = TestData.Request(1);
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].ParentSpanId = ByteString.CopyFrom(new byte[8]);
        var span = Assert.Single(_converter.Convert(request).Spans);
        Assert.True(span.ParentSpanId.IsEmpty);
    }

    [Fact]
    public void ErrorMessageListsTheFirstFiveRejections()
    {
        var request = TestData.Request(9);
        var second = TestData.Request(1, first: 100);
        request.ResourceSpans.Add(second.ResourceSpans[0]);
        foreach (var ps in request.ResourceSpans[0].ScopeSpans[0].Spans.Take(7))
        {
            ps.TraceId = ByteString.CopyFromUtf8("short");
        }

        request.ResourceSpans[1].ScopeSpans[0].Spans[0].SpanId = ByteString.Empty;

        var result = _converter.Convert(request);

        Assert.Equal(2, result.Spans.Count);
        Assert.Equal(8, result.RejectedSpans);
        Assert.Equal(7, result.RejectedFor(RejectReason.InvalidTraceId));
        Assert.Equal(1, result.RejectedFor(RejectReason.InvalidSpanId));
        Assert.StartsWith("span 0 of scope 0 of resource 0: trace_id must be 16 bytes, got 5; span 1 of scope 0", result.ErrorMessage);
        Assert.Contains("span 4 of scope 0 of resource 0", result.ErrorMessage);
        Assert.DoesNotContain("span 5 of", result.ErrorMessage);
        Assert.EndsWith("; and 3 more rejected spans", result.ErrorMessage);
    }

    [Fact]
    public void SanitizesServiceNames()
    {
        var missing = TestData.Request(2);
        missing.ResourceSpans[0].Resource = null;
        var empty = TestData.Request(1);
        empty.ResourceSpans[0].Resource.Attributes[0].Value = new AnyValue { StringValue = "" };
        var wrongType = TestData.Request(1);
        wrongType.ResourceSpans[0].Resource.Attributes[0].Value = new AnyValue { IntValue = 5 };
        var noServiceAttribute = TestData.Request(1);
        noServiceAttribute.ResourceSpans[0].Resource = new ProtoResource();
        noServiceAttribute.ResourceSpans[0].Resource.Attributes.Add(TestData.Attr("host.name", "h"));

        var m = _converter.Convert(missing).Spans;
        Assert.All(m, s => Assert.Equal(SpanSanitizer.MissingServiceName, s.ServiceName));
        Assert.All(m, s => Assert.Equal([SpanSanitizer.MissingServiceNameWarning], s.Warnings));

        var e = Assert.Single(_converter.Convert(empty).Spans);
        Assert.Equal(SpanSanitizer.EmptyServiceName, e.ServiceName);
        Assert.Equal([SpanSanitizer.EmptyServiceNameWarning], e.Warnings);

        var w = Assert.Single(_converter.Convert(wrongType).Spans);
        Assert.Equal(SpanSanitizer.ServiceNameWrongType, w.ServiceName);
        Assert.Equal(new KeyValue("service.name", AttributeValue.String(SpanSanitizer.ServiceNameWrongType)), Assert.Single(w.Resource.Attributes));
        Assert.Equal([SpanSanitizer.ServiceNameWrongTypeWarning], w.Warnings);

        var n = Assert.Single(_converter.Convert(noServiceAttribute).Spans);
        Assert.Equal(
            [new KeyValue("host.name", AttributeValue.String("h")), new KeyValue("service.name", AttributeValue.String(SpanSanitizer.MissingServiceName))],
            n.Resource.Attributes);
    }

    [Fact]
    public void SanitizesEmptySpanNameAndBadEndTimes()
    {
        var request = TestData.Request(3);
        request.ResourceSpans[0].Resource = null;
        var spans = request.ResourceSpans[0].ScopeSpans[0].Spans;
        spans[0].Name = "";
        spans[1].EndTimeUnixNano = spans[1].StartTimeUnixNano - 10;
        spans[2].EndTimeUnixNano = spans[2].StartTimeUnixNano;

        var result = _converter.Convert(request).Spans;

        Assert.Equal(SpanSanitizer.EmptySpanName, result[0].Name);
        Assert.Equal([SpanSanitizer.MissingServiceNameWarning, SpanSanitizer.EmptySpanNameWarning], result[0].Warnings);
        Assert.Equal(result[1].StartTimeUnixNano + 1, result[1].EndTimeUnixNano);
        Assert.Equal(2, result[1].Warnings.Length);
        Assert.Contains("is not after start time", result[1].Warnings[1]);
        Assert.Equal(result[2].StartTimeUnixNano + 1, result[2].EndTimeUnixNano);
        Assert.Equal(1ul, result[2].DurationNanos);
    }

    [Fact]
    public void DropsLinksWithInvalidIdsAndKeepsTheSpan()
    {
        var ps = TestData.Span(1);
        ps.Links.Add(new ProtoSpan.Types.Link { TraceId = ByteString.CopyFromUtf8("abc"), SpanId = TestData.SpanId(2) });
        ps.Links.Add(new ProtoSpan.Types.Link { TraceId = TestData.TraceId(5), SpanId = TestData.SpanId(6) });
        ps.DroppedLinksCount = 1;

        var span = Assert.Single(_converter.Convert(TestData.Request("svc", ps)).Spans);

        Assert.Equal(new SpanId(6), Assert.Single(span.Links).SpanId);
        Assert.Equal(2u, span.DroppedLinksCount);
        Assert.Equal(["link 0 dropped: trace_id must be 16 bytes, got 3"], span.Warnings);
    }

    [Fact]
    public void UnknownEnumNumbersBecomeUnspecified()
    {
        var ps = TestData.Span(1);
        ps.Kind = (ProtoSpan.Types.SpanKind)9;
        ps.Status = new ProtoStatus { Code = (ProtoStatus.Types.StatusCode)7 };

        var span = Assert.Single(_converter.Convert(TestData.Request("svc", ps)).Spans);

        Assert.Equal(SpanKind.Unspecified, span.Kind);
        Assert.Equal(StatusCode.Unset, span.Status.Code);
        Assert.Equal(2, span.Warnings.Length);
    }

    [Fact]
    public void EmptyRequestGivesNoSpans()
    {
        var result = _converter.Convert(new ExportTraceServiceRequest());
        Assert.Empty(result.Spans);
        Assert.Equal(0, result.RejectedSpans);
    }
}
