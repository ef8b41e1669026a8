using Google.Protobuf;
using OpenTelemetry.Proto.Trace.V1;
using TraceBackend.LoadGen.Generation;
using TraceBackend.LoadGen.Otlp;
using TraceBackend.LoadGen.Tests.Support;
using SpanKind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace TraceBackend.LoadGen.Tests;

public sealed class HotRodTraceGeneratorTests
{
    private static readonly DateTimeOffset s_now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static List<GeneratedTrace> Sample(ulong seed, int count, HotRodGeneratorOptions? options = null) =>
        new HotRodTraceGenerator(seed, options).Generate(count, s_now, TimeSpan.FromMilliseconds(250)).ToList();

    private static List<byte[]> Serialized(ulong seed) =>
        OtlpRequestBatcher.Pack(Sample(seed, 40, new HotRodGeneratorOptions { LargeTraceRatio = 0.05 }), 500)
            .Select(b => b.Request.ToByteArray()).ToList();

    [Fact]
    public void SameSeedGivesByteIdenticalRequests()
    {
        var first = Serialized(1234);
        var second = Serialized(1234);
        Assert.Equal(first.Count, second.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i], second[i]);
        }
    }

    [Fact]
    public void DifferentSeedsGiveDifferentTraces()
    {
        var a = Serialized(1);
        var b = Serialized(2);
        Assert.NotEqual(a[0], b[0]);
        Assert.NotEqual(Sample(1, 1)[0].TraceId, Sample(2, 1)[0].TraceId);
    }

    [Fact]
    public void TraceAndSpanIdsHaveOtlpSizesAndAreUnique()
    {
        var traces = Sample(5, 30);
        Assert.Equal(traces.Count, traces.Select(t => t.TraceId).Distinct().Count());
        foreach (var trace in traces)
        {
            Assert.Matches("^[0-9a-f]{32}$", trace.TraceId);
            var spans = SpanView.Of(trace.ResourceSpans);
            Assert.Equal(trace.SpanCount, spans.Count);
            Assert.All(spans, s => Assert.Equal(8, s.Span.SpanId.Length));
            Assert.All(spans, s => Assert.Equal(trace.TraceIdBytes, s.Span.TraceId));
            Assert.Equal(spans.Count, spans.Select(s => s.Span.SpanId).Distinct().Count());
        }
    }

    [Fact]
    public void SampleCoversTheSixServicesKindsAndHotRodOperations()
    {
        var spans = Sample(7, 20).SelectMany(t => SpanView.Of(t.ResourceSpans)).ToList();
        Assert.Equal(
            new[] { "customer", "driver", "frontend", "mysql", "redis", "route" },
            spans.Select(s => s.Service).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(spans, s => s.Span.Kind == SpanKind.Server);
        Assert.Contains(spans, s => s.Span.Kind == SpanKind.Client);
        Assert.Contains(spans, s => s.Span.Kind == SpanKind.Internal);
        foreach (var name in new[] { "HTTP GET /dispatch", "HTTP GET /customer", "SQL SELECT", "driver.DriverService/FindNearest", "FindDriverIDs", "GetDriver", "HTTP GET /route" })
        {
            Assert.Contains(spans, s => s.Span.Name == name);
        }

        var sql = spans.First(s => s.Span.Name == "SQL SELECT");
        Assert.Equal("mysql", sql.Service);
        Assert.Equal(SpanKind.Client, sql.Span.Kind);
        Assert.Equal("mysql", SpanView.Attribute(sql.Span.Attributes, "db.system")!.StringValue);
        Assert.StartsWith("SELECT", SpanView.Attribute(sql.Span.Attributes, "db.statement")!.StringValue, StringComparison.Ordinal);
        var rpc = spans.First(s => s.Span.Name == "driver.DriverService/FindNearest" && s.Span.Kind == SpanKind.Server);
        Assert.Equal("driver", rpc.Service);
        Assert.Equal("grpc", SpanView.Attribute(rpc.Span.Attributes, "rpc.system")!.StringValue);
        Assert.Equal("FindNearest", SpanView.Attribute(rpc.Span.Attributes, "rpc.method")!.StringValue);
        Assert.All(spans.Where(s => s.Service == "redis"), s => Assert.Equal("redis", SpanView.Attribute(s.Span.Attributes, "db.system")!.StringValue));

        // Several hosts per service and the standard resource attributes.
        Assert.True(spans.Where(s => s.Service == "route").Select(s => s.Host).Distinct().Count() > 1);
        var resource = Sample(7, 1)[0].ResourceSpans[0].Resource;
        foreach (var key in new[] { "service.name", "service.version", "host.name", "telemetry.sdk.name", "telemetry.sdk.language", "telemetry.sdk.version" })
        {
            Assert.NotNull(SpanView.Attribute(resource.Attributes, key));
        }
    }

    [Fact]
    public void AboutTenAttributesAndOneEventPerSpan()
    {
        var spans = Sample(11, 100).SelectMany(t => SpanView.Of(t.ResourceSpans)).Select(v => v.Span).ToList();
        var attributes = spans.Average(s => s.Attributes.Count);
        var events = spans.Average(s => s.Events.Count);
        Assert.InRange(attributes, 8.0, 13.0);
        Assert.InRange(events, 0.7, 1.5);
        Assert.Contains(spans, s => s.Events.Any(e => e.Name == "Searching for nearby drivers"));
        Assert.Contains(spans, s => s.Events.Any(e => e.Name == "cache miss"));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    [InlineData(0.2)]
    public void ErrorRatioIsRoughlyHonoured(double ratio)
    {
        var spans = Sample(13, 300, new HotRodGeneratorOptions { ErrorRatio = ratio, LargeTraceRatio = 0 })
            .SelectMany(t => SpanView.Of(t.ResourceSpans)).Select(v => v.Span).ToList();
        var errors = spans.Where(s => s.Status?.Code == Status.Types.StatusCode.Error).ToList();
        var observed = (double)errors.Count / spans.Count;
        if (ratio == 0)
        {
            Assert.Empty(errors);
            return;
        }

        Assert.InRange(observed, ratio * 0.5, ratio * 1.5);
        Assert.All(errors, s =>
        {
            var exception = Assert.Single(s.Events, e => e.Name == "exception");
            Assert.NotNull(SpanView.Attribute(exception.Attributes, "exception.type"));
            Assert.NotNull(SpanView.Attribute(exception.Attributes, "exception.message"));
        });
        Assert.Contains(errors, s => s.Name == "GetDriver" && s.Status.Message == "redis timeout");
    }

    [Fact]
    public void LargeTraceRatioControlsFanOuts()
    {
        var large = Sample(17, 3, new HotRodGeneratorOptions { LargeTraceRatio = 1 });
        Assert.All(large, t =>
        {
            Assert.True(t.IsLarge);
            Assert.InRange(t.SpanCount, 1000, 2100);
        });

        var small = Sample(17, 50, new HotRodGeneratorOptions { LargeTraceRatio = 0 });
        Assert.All(small, t => Assert.False(t.IsLarge));
        Assert.All(small, t => Assert.InRange(t.SpanCount, 3, 120));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void EveryParentIsInTheSameTraceAndThereIsOneRoot(double largeRatio)
    {
        foreach (var trace in Sample(19, largeRatio > 0 ? 2 : 40, new HotRodGeneratorOptions { LargeTraceRatio = largeRatio, ErrorRatio = 0.2 }))
        {
            var spans = SpanView.Of(trace.ResourceSpans).Select(v => v.Span).ToList();
            var ids = spans.Select(s => s.SpanId).ToHashSet();
            Assert.Single(spans, s => s.ParentSpanId.IsEmpty);
            Assert.All(spans.Where(s => !s.ParentSpanId.IsEmpty), s => Assert.Contains(s.ParentSpanId, ids));
        }
    }

    [Fact]
    public void WithoutSkewChildrenAndEventsNestInTheirParentAndTheRootEndsAtNow()
    {
        var options = new HotRodGeneratorOptions { MaxClockSkew = TimeSpan.Zero, ErrorRatio = 0.2, LargeTraceRatio = 0.1 };
        var nowNanos = (ulong)(s_now - DateTimeOffset.UnixEpoch).Ticks * 100;
        foreach (var trace in new HotRodTraceGenerator(23, options).Generate(30, s_now, TimeSpan.Zero))
        {
            var spans = SpanView.Of(trace.ResourceSpans).Select(v => v.Span).ToList();
            var byId = spans.ToDictionary(s => s.SpanId);
            var root = Assert.Single(spans, s => s.ParentSpanId.IsEmpty);
            Assert.Equal(nowNanos, root.EndTimeUnixNano);
            foreach (var span in spans)
            {
                Assert.True(span.StartTimeUnixNano <= span.EndTimeUnixNano);
                Assert.All(span.Events, e => Assert.InRange(e.TimeUnixNano, span.StartTimeUnixNano, span.EndTimeUnixNano));
                if (!span.ParentSpanId.IsEmpty)
                {
                    var parent = byId[span.ParentSpanId];
                    Assert.True(span.StartTimeUnixNano >= parent.StartTimeUnixNano, span.Name);
                    Assert.True(span.EndTimeUnixNano <= parent.EndTimeUnixNano, span.Name);
                }
            }
        }
    }

    [Fact]
    public void ClockSkewIsAFixedOffsetPerServiceInstance()
    {
        var skewed = new HotRodTraceGenerator(29, new HotRodGeneratorOptions { MaxClockSkew = TimeSpan.FromMilliseconds(5) });
        var exact = new HotRodTraceGenerator(29, new HotRodGeneratorOptions { MaxClockSkew = TimeSpan.Zero });
        var skewByHost = skewed.Topology.All.ToDictionary(i => i.HostName, i => i.ClockSkew);
        Assert.All(skewByHost.Values, s => Assert.InRange(s, TimeSpan.FromMilliseconds(-5), TimeSpan.FromMilliseconds(5)));
        Assert.True(skewByHost.Values.Distinct().Count() > 5);
        Assert.All(exact.Topology.All, i => Assert.Equal(TimeSpan.Zero, i.ClockSkew));

        for (var i = 0; i < 10; i++)
        {
            var a = SpanView.Of(skewed.Next(s_now).ResourceSpans);
            var b = SpanView.Of(exact.Next(s_now).ResourceSpans);
            Assert.Equal(a.Count, b.Count);
            for (var j = 0; j < a.Count; j++)
            {
                Assert.Equal(a[j].Host, b[j].Host);
                var skewNanos = skewByHost[a[j].Host].Ticks * 100;
                Assert.Equal(skewNanos, (long)(a[j].Span.StartTimeUnixNano - b[j].Span.StartTimeUnixNano));
                Assert.Equal(skewNanos, (long)(a[j].Span.EndTimeUnixNano - b[j].Span.EndTimeUnixNano));
                Assert.Equal(a[j].Span.SpanId, b[j].Span.SpanId);
            }
        }
    }
}
