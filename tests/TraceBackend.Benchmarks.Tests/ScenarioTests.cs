using System.Text.Json;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceBackend.Benchmarks.Scenarios;
using TraceBackend.Model;
using TraceBackend.Storage;

namespace TraceBackend.Benchmarks.Tests;

/// <summary>The scenarios measure what they claim: real HotROD input, complete results.</summary>
public sealed class ScenarioTests
{
    [Fact]
    public void Decode_scenarios_convert_the_same_500_span_request()
    {
        var protobuf = SharedScenarios.Protobuf;
        var request = ExportTraceServiceRequest.Parser.ParseFrom(protobuf.Payload);
        Assert.Equal(OtlpProtobufDecodeScenario.RequestSpans, request.ResourceSpans.SelectMany(static r => r.ScopeSpans).Sum(static s => s.Spans.Count));
        Assert.True(request.ResourceSpans.Count > 1, "spans of several service instances");
        Assert.Equal(OtlpProtobufDecodeScenario.RequestSpans, protobuf.Run());
        Assert.Equal(protobuf.Payload, SharedScenarios.ProtobufObjects.Payload);
        Assert.Equal(OtlpProtobufObjectsDecodeScenario.RequestSpans, SharedScenarios.ProtobufObjects.Run());
        Assert.Equal(OtlpJsonDecodeScenario.RequestSpans, SharedScenarios.Json.Run());
    }

    [Fact]
    public void Append_scenario_stores_every_trace_of_its_batches_each_run()
    {
        var append = SharedScenarios.Append;
        Assert.Equal(MemoryStoreAppendScenario.DefaultBatchCount, append.BatchCount);
        Assert.All(append.Batches, static b => Assert.Equal(MemoryStoreAppendScenario.BatchSpans, b.Count));
        var traces = append.Batches.SelectMany(static b => b).Select(static s => s.TraceId).Distinct().Count();
        Assert.Equal(traces, append.Run());
        Assert.Equal(traces, append.Run());
    }

    [Fact]
    public async Task Search_scenario_queries_find_full_pages_of_matching_traces()
    {
        var search = SharedScenarios.Search;
        Assert.InRange(search.SpanCount, SharedScenarios.SearchStoreSpans, SharedScenarios.SearchStoreSpans + TraceSearchScenario.BatchSpans);
        foreach (var query in new[] { search.ServiceQuery, search.ServiceOperationQuery, search.ServiceTagQuery })
        {
            var traces = await search.Store.FindTracesAsync(query, TestContext.Current.CancellationToken);
            Assert.Equal(TraceSearchScenario.Limit, traces.Count);
            var matcher = new SpanMatcher(query);
            Assert.All(traces, t => Assert.Contains(t.Spans, matcher.Matches));
        }

        var tagged = await search.Store.FindTracesAsync(search.ServiceTagQuery, TestContext.Current.CancellationToken);
        Assert.All(tagged, static t => Assert.Contains(t.Spans, static s => SpanMatcher.HasTag(s, TraceSearchScenario.TagKey, TraceSearchScenario.TagValue)));
        Assert.Equal(tagged.Sum(static t => t.Spans.Count), search.FindByServiceAndTag());

        var byId = await search.Store.GetTracesAsync([new TraceGetRequest(search.SampleTraceId)], TestContext.Current.CancellationToken);
        var trace = Assert.Single(byId);
        Assert.Equal(search.SampleTraceId, trace.TraceId);
        Assert.Equal(trace.Spans.Count, search.GetById());
    }

    [Fact]
    public void Jaeger_scenario_writes_a_1000_span_v1_document()
    {
        using var jaeger = new JaegerJsonScenario();
        Assert.Equal(JaegerJsonScenario.TraceSpans, jaeger.Trace.Spans.Count);
        Assert.True(jaeger.Trace.Spans.Select(static s => s.ServiceName).Distinct().Count() >= 5, "every HotROD service appears");

        var length = jaeger.Write();
        var written = jaeger.LastOutput.ToArray();
        Assert.Equal(length, written.Length);
        using (var document = JsonDocument.Parse(written))
        {
            var trace = Assert.Single(document.RootElement.GetProperty("data").EnumerateArray());
            Assert.Equal(jaeger.Trace.TraceId.ToJaegerString(), trace.GetProperty("traceID").GetString());
            Assert.Equal(JaegerJsonScenario.TraceSpans, trace.GetProperty("spans").GetArrayLength());
        }

        // Adjusting the stored trace again gives the same document as writing the pre-adjusted one.
        Assert.Equal(length, jaeger.AdjustAndWrite());
        Assert.Equal(written, jaeger.LastOutput.ToArray());
    }
}
