using TraceBackend.Model;
using TraceBackend.Query.ApiV3;
using TraceBackend.Query.Tests.Support;
using static TraceBackend.Query.Tests.Support.TestSpans;

namespace TraceBackend.Query.Tests.Json;

public sealed class TraceSummaryTests
{
    [Fact]
    public void Summary_counts_root_errors_orphans_and_services()
    {
        var front = Resource("frontend");
        var redis = Resource("redis");
        var root = Span(Trace64, 1, front, name: "GET /", startNanos: 1_000, durationNanos: 500);
        var error = new Span
        {
            TraceId = Trace64,
            SpanId = new SpanId(2),
            ParentSpanId = new SpanId(1),
            Name = "GET key",
            Resource = redis,
            StartTimeUnixNano = 1_100,
            EndTimeUnixNano = 2_000,
            Status = new SpanStatus(StatusCode.Error, "boom"),
        };
        var orphan = Span(Trace64, 3, redis, name: "lost", parent: 99, startNanos: 900, durationNanos: 10);
        var summary = TraceSummaryBuilder.Build(new Trace(Trace64, [error, orphan, root]));

        Assert.Equal("000000000000000000f067aa0ba902b7", summary.TraceId);
        Assert.Equal("frontend", summary.RootServiceName);
        Assert.Equal("GET /", summary.RootOperationName);
        Assert.Equal(900UL, summary.MinStartTimeUnixNano);
        Assert.Equal(2_000UL, summary.MaxEndTimeUnixNano);
        Assert.Equal(3, summary.SpanCount);
        Assert.Equal(1, summary.ErrorSpanCount);
        Assert.Equal(1, summary.OrphanSpanCount);
        Assert.Equal([new ServiceSummary("frontend", 1, 0), new ServiceSummary("redis", 2, 1)], summary.Services);
    }

    [Fact]
    public void Without_parentless_span_the_earliest_orphan_is_root()
    {
        var r = Resource("a");
        var summary = TraceSummaryBuilder.Build(new Trace(Trace128, [
            Span(Trace128, 2, r, name: "late", parent: 50, startNanos: 20),
            Span(Trace128, 3, r, name: "early", parent: 51, startNanos: 10),
        ]));
        Assert.Equal("early", summary.RootOperationName);
        Assert.Equal(2, summary.OrphanSpanCount);
    }

    [Fact]
    public void Json_always_has_every_field()
    {
        var summary = TraceSummaryBuilder.Build(new Trace(Trace128, [Span(Trace128, 1, Model.Resource.EmptyResource, name: "")]));
        var json = JsonHelpers.Render(w => TraceSummaryJson.Write(w, summary));
        Assert.Equal(
            ["traceId", "rootServiceName", "rootOperationName", "minStartTimeUnixNano", "maxEndTimeUnixNano", "spanCount", "errorSpanCount", "orphanSpanCount", "services"],
            json.Names());
        Assert.Equal(32, json.GetProperty("traceId").GetString()!.Length);
        Assert.Equal("1718000000123456789", json.GetProperty("minStartTimeUnixNano").GetString());
        Assert.Equal(0, json.GetProperty("errorSpanCount").GetInt32());
        Assert.Equal(["name", "spanCount", "errorSpanCount"], json.GetProperty("services")[0].Names());
        Assert.Equal("", json.GetProperty("services")[0].GetProperty("name").GetString());
    }
}
