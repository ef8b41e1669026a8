using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Jaeger.ApiV2;
using TraceBackend.Collector.Jaeger;
using TraceBackend.Model;
using TraceBackend.Otlp;
using static TraceBackend.Collector.Tests.Jaeger.JaegerTestData;
using JKeyValue = Jaeger.ApiV2.KeyValue;
using JSpan = Jaeger.ApiV2.Span;
using ModelSpan = TraceBackend.Model.Span;

namespace TraceBackend.Collector.Tests.Jaeger;

public sealed class JaegerProtoConverterTests
{
    private readonly JaegerProtoConverter _converter = new();

    private ModelSpan One(JSpan span, Process? process = null)
    {
        var result = _converter.Convert(Batch(process ?? Process("svc"), span));
        Assert.Equal(0, result.RejectedSpans);
        return Assert.Single(result.Spans);
    }

    private static string[] Keys(ModelSpan span) => [.. span.Attributes.Select(a => a.Key)];

    [Fact]
    public void SixteenByteTraceIdIsReadBigEndian()
    {
        var proto = Span(5);
        proto.TraceId = TraceId(0x0102030405060708, 0x1112131415161718);

        var span = One(proto);

        Assert.Equal(new TraceBackend.Model.TraceId(0x0102030405060708, 0x1112131415161718), span.TraceId);
        Assert.Equal(new SpanId(5), span.SpanId);
        Assert.Equal("op", span.Name);
        Assert.Equal("svc", span.ServiceName);
    }

    [Fact]
    public void EightByteTraceIdIsLeftPadded()
    {
        var proto = Span(7);
        proto.TraceId = TraceId8(0xCAFE);

        var span = One(proto);

        Assert.Equal(new TraceBackend.Model.TraceId(0, 0xCAFE), span.TraceId);
        Assert.Equal("0000000000000000000000000000cafe", span.TraceId.ToHex32());
    }

    [Fact]
    public void SpansWithBadIdsAreRejectedWithReasonsAndTheRestKept()
    {
        var badLength = Span(1);
        badLength.TraceId = ByteString.CopyFrom(new byte[5]);
        var zeroTrace = Span(2);
        zeroTrace.TraceId = ByteString.CopyFrom(new byte[16]);
        var zeroSpan = Span(3);
        zeroSpan.SpanId = ByteString.CopyFrom(new byte[8]);
        var shortSpan = Span(4);
        shortSpan.SpanId = ByteString.CopyFrom(new byte[4]);

        var result = _converter.Convert(Batch(Process("svc"), badLength, zeroTrace, Span(9), zeroSpan, shortSpan));

        Assert.Equal(4, result.RejectedSpans);
        Assert.Equal(new SpanId(9), Assert.Single(result.Spans).SpanId);
        Assert.Equal(2, result.RejectedFor(RejectReason.InvalidTraceId));
        Assert.Equal(2, result.RejectedFor(RejectReason.InvalidSpanId));
        Assert.Equal(
            "span 0 of the batch: trace_id must be 8 or 16 bytes, got 5; span 1 of the batch: trace_id must not be all zeros; "
            + "span 3 of the batch: span_id must not be all zeros; span 4 of the batch: span_id must be 8 bytes, got 4",
            result.ErrorMessage);
    }

    [Fact]
    public void RejectionMessageSummarisesBeyondFive()
    {
        var spans = Enumerable.Range(1, 7).Select(i => { var s = Span((ulong)i); s.SpanId = ByteString.Empty; return s; }).ToArray();

        var result = _converter.Convert(Batch(Process("svc"), spans));

        Assert.Equal(7, result.RejectedSpans);
        Assert.EndsWith("span 4 of the batch: span_id must be 8 bytes, got 0; and 2 more rejected spans", result.ErrorMessage);
    }

    [Fact]
    public void NullOrEmptyBatchConvertsToNothing()
    {
        Assert.Empty(_converter.Convert(null).Spans);
        Assert.Empty(_converter.Convert(new Batch()).Spans);
        Assert.Empty(_converter.Convert(Batch(Process("svc"), new JSpan())).Spans);
        Assert.Equal(0, _converter.Convert(Batch(Process("svc"), new JSpan())).RejectedSpans);
    }

    [Fact]
    public void ParentIsFirstChildOfOfTheSameTraceAndNotALink()
    {
        var proto = Span(10);
        proto.References.Add(Ref(SpanRefType.ChildOf, TraceId(0xFF, 1), 77));   // other trace: a link, not the parent
        proto.References.Add(Ref(SpanRefType.FollowsFrom, proto.TraceId, 66));
        proto.References.Add(Ref(SpanRefType.ChildOf, proto.TraceId, 55));
        proto.References.Add(Ref(SpanRefType.ChildOf, proto.TraceId, 44));

        var span = One(proto);

        Assert.Equal(new SpanId(55), span.ParentSpanId);
        Assert.Equal([77UL, 66UL, 44UL], span.Links.Select(l => l.SpanId.Value));
        Assert.Equal(["child_of", "follows_from", "child_of"], span.Links.Select(l => l.Attributes.Single(a => a.Key == "opentracing.ref_type").Value.AsString));
        Assert.Equal(new TraceBackend.Model.TraceId(0xFF, 1), span.Links[0].TraceId);
    }

    [Fact]
    public void FollowsFromParentIsAlsoALink()
    {
        var proto = Span(10);
        proto.References.Add(Ref(SpanRefType.FollowsFrom, proto.TraceId, 66));

        var span = One(proto);

        Assert.Equal(new SpanId(66), span.ParentSpanId);
        var link = Assert.Single(span.Links);
        Assert.Equal(new SpanId(66), link.SpanId);
        Assert.Equal(AttributeValue.String("follows_from"), link.Attributes.Single().Value);
    }

    [Fact]
    public void ReferenceToAnotherTraceOnlyMakesARoot()
    {
        var proto = Span(10);
        proto.References.Add(Ref(SpanRefType.ChildOf, TraceId(0xFF, 1), 77));

        var span = One(proto);

        Assert.True(span.ParentSpanId.IsEmpty);
        Assert.Single(span.Links);
    }

    [Fact]
    public void EightByteReferenceTraceIdMatchesAPaddedSpanTraceId()
    {
        var proto = Span(10);
        proto.TraceId = TraceId(0, 0xAA);
        proto.References.Add(Ref(SpanRefType.ChildOf, TraceId8(0xAA), 3));

        var span = One(proto);

        Assert.Equal(new SpanId(3), span.ParentSpanId);
        Assert.Empty(span.Links);
    }

    [Fact]
    public void BadReferencesAreDroppedWithAWarning()
    {
        var proto = Span(10);
        proto.References.Add(new SpanRef { RefType = SpanRefType.ChildOf, TraceId = ByteString.CopyFrom(new byte[3]), SpanId = SpanId(1) });
        proto.References.Add(new SpanRef { RefType = SpanRefType.ChildOf, TraceId = proto.TraceId, SpanId = ByteString.CopyFrom(new byte[8]) });

        var span = One(proto);

        Assert.True(span.ParentSpanId.IsEmpty);
        Assert.Empty(span.Links);
        Assert.Equal(["reference 0 dropped: trace_id must be 8 or 16 bytes, got 3", "reference 1 dropped: span_id must not be all zeros"], span.Warnings);
    }

    [Theory]
    [InlineData("server", SpanKind.Server)]
    [InlineData("client", SpanKind.Client)]
    [InlineData("producer", SpanKind.Producer)]
    [InlineData("consumer", SpanKind.Consumer)]
    [InlineData("internal", SpanKind.Internal)]
    [InlineData("SERVER", SpanKind.Unspecified)]
    [InlineData("rpc", SpanKind.Unspecified)]
    public void SpanKindTagBecomesTheKindAndIsRemoved(string tag, SpanKind kind)
    {
        var span = One(Span(1, "op", Str("span.kind", tag), Str("a", "b")));

        Assert.Equal(kind, span.Kind);
        Assert.Equal(["a"], Keys(span));
    }

    [Fact]
    public void NonStringSpanKindIsUnspecifiedAndRemoved()
    {
        var span = One(Span(1, "op", Int("span.kind", 2)));

        Assert.Equal(SpanKind.Unspecified, span.Kind);
        Assert.Empty(span.Attributes);
    }

    [Fact]
    public void BoolErrorTrueIsErrorWithOtelDescription()
    {
        var span = One(Span(1, "op", Bool("error", true), Str("otel.status_description", "boom"), Str("http.status_message", "Bad Gateway")));

        Assert.Equal(new SpanStatus(StatusCode.Error, "boom"), span.Status);
        Assert.Equal(["http.status_message"], Keys(span));
    }

    [Fact]
    public void BoolErrorTrueFallsBackToHttpStatusMessage()
    {
        var span = One(Span(1, "op", Bool("error", true), Str("http.status_message", "Bad Gateway")));

        Assert.Equal(new SpanStatus(StatusCode.Error, "Bad Gateway"), span.Status);
        Assert.Equal(["http.status_message"], Keys(span));
    }

    [Fact]
    public void ErrorTrueWinsOverOtelStatusCodeWhichIsStillRemoved()
    {
        var span = One(Span(1, "op", Str("otel.status_code", "OK"), Bool("error", true)));

        Assert.Equal(new SpanStatus(StatusCode.Error, ""), span.Status);
        Assert.Empty(span.Attributes);
    }

    [Fact]
    public void FalseOrStringErrorTagsStayAttributes()
    {
        var boolFalse = One(Span(1, "op", Bool("error", false)));
        var stringTrue = One(Span(2, "op", Str("error", "true")));

        Assert.Equal(SpanStatus.Unset, boolFalse.Status);
        Assert.Equal(["error"], Keys(boolFalse));
        Assert.Equal(SpanStatus.Unset, stringTrue.Status);
        Assert.Equal(["error"], Keys(stringTrue));
    }

    [Theory]
    [InlineData("ok", StatusCode.Ok)]
    [InlineData("OK", StatusCode.Ok)]
    [InlineData("Error", StatusCode.Error)]
    [InlineData("UNSET", StatusCode.Unset)]
    public void OtelStatusCodeSetsTheStatus(string value, StatusCode code)
    {
        var span = One(Span(1, "op", Str("otel.status_code", value), Str("otel.status_description", "why"), Str("k", "v")));

        Assert.Equal(new SpanStatus(code, "why"), span.Status);
        Assert.Equal(["k"], Keys(span));
    }

    [Theory]
    [InlineData("server", 404, StatusCode.Unset)]
    [InlineData("client", 404, StatusCode.Error)]
    [InlineData("internal", 404, StatusCode.Error)]
    [InlineData("server", 503, StatusCode.Error)]
    [InlineData("server", 200, StatusCode.Unset)]
    [InlineData("server", 399, StatusCode.Error)]
    [InlineData("client", 99, StatusCode.Error)]
    public void HttpStatusCodeDerivesTheStatus(string kind, long http, StatusCode code)
    {
        var span = One(Span(1, "op", Str("span.kind", kind), Int("http.status_code", http), Str("http.status_message", "msg")));

        Assert.Equal(code == StatusCode.Unset ? SpanStatus.Unset : new SpanStatus(code, "msg"), span.Status);
        Assert.Equal(["http.status_code", "http.status_message"], Keys(span));
    }

    [Fact]
    public void HttpStatusCodeAsDecimalStringCounts()
    {
        var span = One(Span(1, "op", Str("http.status_code", "502")));
        var bad = One(Span(2, "op", Str("http.status_code", "5xx")));

        Assert.Equal(new SpanStatus(StatusCode.Error, ""), span.Status);
        Assert.Equal(SpanStatus.Unset, bad.Status);
    }

    [Fact]
    public void TraceStateTagBecomesTraceState()
    {
        var span = One(Span(1, "op", Str("w3c.tracestate", "rojo=00f067aa0ba902b7"), Str("k", "v")));

        Assert.Equal("rojo=00f067aa0ba902b7", span.TraceState);
        Assert.Equal(["k"], Keys(span));
    }

    [Fact]
    public void ScopeTagsBecomeOneSharedScope()
    {
        var a = Span(1, "op", Str("otel.scope.name", "lib"), Str("k", "v"), Str("otel.scope.version", "1.2"));
        var b = Span(2, "op", Str("otel.scope.version", "1.2"), Str("otel.scope.name", "lib"));
        var versionOnly = Span(3, "op", Str("otel.scope.version", "9"));

        var spans = _converter.Convert(Batch(Process("svc"), a, b, versionOnly)).Spans;

        Assert.Equal(("lib", "1.2"), (spans[0].Scope.Name, spans[0].Scope.Version));
        Assert.Same(spans[0].Scope, spans[1].Scope);
        Assert.Equal(["k"], Keys(spans[0]));
        Assert.Empty(spans[1].Attributes);
        Assert.Same(InstrumentationScope.EmptyScope, spans[2].Scope);
        Assert.Equal(["otel.scope.version"], Keys(spans[2]));
    }

    [Fact]
    public void ProcessBecomesTheResourceWithHostnameAndJaegerVersionTranslated()
    {
        var process = Process("frontend", Str("hostname", "box-1"), Str("ip", "10.0.0.1"), Str("jaeger.version", "Go-2.30.0"), Str("client-uuid", "u1"));

        var span = One(Span(1), process);

        Assert.Equal(
            [("service.name", "frontend"), ("ip", "10.0.0.1"), ("client-uuid", "u1"), ("host.name", "box-1"), ("opencensus.exporterversion", "Jaeger-Go-2.30.0")],
            span.Resource.Attributes.Select(a => (a.Key, a.Value.AsString)));
        Assert.Empty(span.Warnings);
    }

    [Fact]
    public void ExistingHostNameAndExporterVersionKeepTheJaegerTags()
    {
        var process = Process("frontend", Str("hostname", "box-1"), Str("host.name", "real"), Str("jaeger.version", "Go"), Str("opencensus.exporterversion", "x"));

        var span = One(Span(1), process);

        Assert.Equal(["service.name", "hostname", "host.name", "jaeger.version", "opencensus.exporterversion"], span.Resource.Attributes.Select(a => a.Key));
        Assert.Equal("real", span.Resource.Attributes.Single(a => a.Key == "host.name").Value.AsString);
    }

    [Fact]
    public void SpanProcessOverridesBatchProcessUnlessEmpty()
    {
        var own = Span(1);
        own.Process = Process("own", Int("pid", 7));
        var empty = Span(2);
        empty.Process = new Process();
        var none = Span(3);

        var spans = _converter.Convert(Batch(Process("batch"), own, empty, none)).Spans;

        Assert.Equal(["own", "batch", "batch"], spans.Select(s => s.ServiceName));
        Assert.Equal(AttributeValue.Int(7), spans[0].Resource.Attributes[1].Value);
        Assert.Same(spans[1].Resource, spans[2].Resource);
    }

    [Fact]
    public void EqualProcessesShareOneResource()
    {
        var a = Span(1);
        a.Process = Process("own", Str("k", "v"));
        var b = Span(2);
        b.Process = Process("own", Str("k", "v"));

        var spans = _converter.Convert(Batch(null, a, b)).Spans;

        Assert.Same(spans[0].Resource, spans[1].Resource);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("OTLPResourceNoServiceName")]
    [InlineData("")]
    public void MissingServiceNameIsSanitizedWithAWarning(string? service)
    {
        var process = service is null ? null : Process(service);
        var result = _converter.Convert(Batch(process, Span(1)));

        var span = Assert.Single(result.Spans);
        Assert.Equal(SpanSanitizer.MissingServiceName, span.ServiceName);
        Assert.Equal([SpanSanitizer.MissingServiceNameWarning], span.Warnings);
    }

    [Fact]
    public void NoServiceNameDropsProcessTagsToo()
    {
        var span = One(Span(1), Process("OTLPResourceNoServiceName", Str("k", "v")));

        Assert.Equal([Resource.ServiceNameKey], span.Resource.Attributes.Select(a => a.Key));
    }

    [Fact]
    public void ServiceNameTagOverridesAndWrongTypeIsSanitized()
    {
        var span = One(Span(1), Process("svc", Int("service.name", 5)));

        Assert.Equal(SpanSanitizer.ServiceNameWrongType, span.ServiceName);
        Assert.Equal([SpanSanitizer.ServiceNameWrongTypeWarning], span.Warnings);
    }

    [Fact]
    public void LogsBecomeEventsNamedByTheEventField()
    {
        var proto = Span(1);
        proto.Logs.Add(Log(5, Str("event", "cache miss"), Str("key", "k1")));
        proto.Logs.Add(Log(6, Str("message", "no name")));
        proto.Logs.Add(new Log());

        var span = One(proto);

        Assert.Equal(3, span.Events.Length);
        Assert.Equal("cache miss", span.Events[0].Name);
        Assert.Equal((ulong)(BaseSeconds * 1_000_000_000) + 5000, span.Events[0].TimeUnixNano);
        Assert.Equal(["key"], span.Events[0].Attributes.Select(a => a.Key));
        Assert.Equal("", span.Events[1].Name);
        Assert.Equal(["message"], span.Events[1].Attributes.Select(a => a.Key));
        Assert.Equal(0UL, span.Events[2].TimeUnixNano);
        Assert.Empty(span.Events[2].Attributes);
    }

    [Fact]
    public void TagTypesMapToAttributeTypes()
    {
        var span = One(Span(1, "op",
            Str("s", "x"), Bool("b", true), Int("i", -3), Double("d", 1.5), Binary("bin", 1, 2),
            new JKeyValue { Key = "u", VType = (global::Jaeger.ApiV2.ValueType)12, VStr = "ignored" }));

        Assert.Equal(
            [AttributeValue.String("x"), AttributeValue.Bool(true), AttributeValue.Int(-3), AttributeValue.Double(1.5), AttributeValue.Bytes([1, 2]),
             AttributeValue.String("<Unknown Jaeger TagType \"12\">")],
            span.Attributes.Select(a => a.Value));
    }

    [Fact]
    public void DuplicateTagsKeepTheLastValueAtTheFirstPosition()
    {
        var span = One(Span(1, "op", Str("a", "1"), Str("b", "2"), Int("a", 3)));

        Assert.Equal([("a", AttributeValue.Int(3)), ("b", AttributeValue.String("2"))], span.Attributes.Select(a => (a.Key, a.Value)));
    }

    [Theory]
    [InlineData(0u, 0u)]
    [InlineData(1u, 1u)]
    [InlineData(2u, 0u)]
    [InlineData(3u, 1u)]
    public void OnlyTheSampledFlagIsKept(uint jaeger, uint otlp)
    {
        var proto = Span(1);
        proto.Flags = jaeger;

        Assert.Equal(otlp, One(proto).Flags);
    }

    [Fact]
    public void TimesAreStartAndStartPlusDuration()
    {
        var proto = Span(1);
        proto.StartTime = new Timestamp { Seconds = BaseSeconds, Nanos = 123 };
        proto.Duration = new Duration { Seconds = 2, Nanos = 5 };

        var span = One(proto);

        Assert.Equal((ulong)(BaseSeconds * 1_000_000_000) + 123, span.StartTimeUnixNano);
        Assert.Equal((ulong)((BaseSeconds + 2) * 1_000_000_000) + 128, span.EndTimeUnixNano);
        Assert.Empty(span.Warnings);
    }

    [Fact]
    public void GoZeroTimeAndEmptyDurationAreNotGiven()
    {
        var proto = Span(1);
        proto.StartTime = new Timestamp { Seconds = JaegerProtoConverter.GoZeroTimeSeconds };
        proto.Duration = new Duration();
        proto.Logs.Add(new Log { Timestamp = new Timestamp { Seconds = JaegerProtoConverter.GoZeroTimeSeconds } });

        var span = One(proto);

        Assert.Equal(0UL, span.StartTimeUnixNano);
        Assert.Equal(1UL, span.EndTimeUnixNano);
        Assert.Equal(0UL, span.Events[0].TimeUnixNano);
        Assert.Equal([SpanSanitizer.EndTimeWarning(0, 0)], span.Warnings);
    }

    [Fact]
    public void MissingDurationGetsTheEndTimeFix()
    {
        var proto = Span(1);
        proto.Duration = null;

        var span = One(proto);

        Assert.Equal(span.StartTimeUnixNano + 1, span.EndTimeUnixNano);
        Assert.Equal([SpanSanitizer.EndTimeWarning(span.StartTimeUnixNano, span.StartTimeUnixNano)], span.Warnings);
    }

    [Fact]
    public void TimeBeforeTheEpochIsClampedWithAWarning()
    {
        var proto = Span(1);
        proto.StartTime = new Timestamp { Seconds = -5 };
        proto.Duration = new Duration { Seconds = 10 };

        var span = One(proto);

        Assert.Equal(0UL, span.StartTimeUnixNano);
        Assert.Equal(10_000_000_000UL, span.EndTimeUnixNano);
        Assert.Equal(["start_time -5s 0ns is before the Unix epoch; set to 0"], span.Warnings);
    }

    [Fact]
    public void EmptyOperationNameIsSanitizedBeforeOtherWarnings()
    {
        var proto = Span(1, "");
        proto.Duration = null;
        proto.References.Add(new SpanRef { TraceId = ByteString.Empty, SpanId = SpanId(1) });

        var span = One(proto, Process("svc"));

        Assert.Equal(SpanSanitizer.EmptySpanName, span.Name);
        Assert.Equal(
            [SpanSanitizer.EmptySpanNameWarning, SpanSanitizer.EndTimeWarning(span.StartTimeUnixNano, span.StartTimeUnixNano), "reference 0 dropped: trace_id must be 8 or 16 bytes, got 0"],
            span.Warnings);
    }

    [Fact]
    public void ResourceWarningComesFirst()
    {
        var span = One(Span(1, ""), Process(""));

        Assert.Equal([SpanSanitizer.MissingServiceNameWarning, SpanSanitizer.EmptySpanNameWarning], span.Warnings);
    }
}
