using TraceBackend.Model;
using TraceBackend.Storage.Elasticsearch.Tests.Support;

namespace TraceBackend.Storage.Elasticsearch.Tests;

/// <summary>Dependency snapshots read back, and the trace-ID scan of the dependencies job.</summary>
public sealed class DependencyAndScanReadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dependencies_are_read_by_timestamp_range_and_summed_per_pair()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => FakeResponse.Json("""
            {"took":1,"timed_out":false,"_shards":{"total":2,"successful":2,"skipped":0,"failed":0},
             "hits":{"total":{"value":2,"relation":"eq"},"max_score":1.0,"hits":[
              {"_index":"jaeger-dependencies-2024-06-10","_id":"a","_score":1.0,"_source":{"timestamp":"2024-06-10T10:00:00Z",
                "dependencies":[{"parent":"frontend","child":"backend","callCount":3},{"parent":"backend","child":"db","callCount":5}]}},
              {"_index":"jaeger-dependencies-2024-06-09","_id":"b","_score":1.0,"_source":{"timestamp":"2024-06-09T23:00:00Z",
                "dependencies":[{"parent":"frontend","child":"backend","callCount":4}]}}]}}
            """));
        await using var store = TestStores.Create(TestStores.Options(fake));
        var end = new DateTimeOffset(2024, 6, 10, 11, 0, 0, TimeSpan.Zero);

        var links = await store.GetDependenciesAsync(end, TimeSpan.FromHours(12), Ct);

        Assert.Equal(
            [new DependencyLink("backend", "db", 5), new DependencyLink("frontend", "backend", 7)],
            links.OrderBy(l => l.Parent, StringComparer.Ordinal));
        var request = Assert.Single(fake.Requests);
        Assert.Equal("/jaeger-dependencies-2024-06-10,jaeger-dependencies-2024-06-09/_search", request.Path);
        JsonAssert.Equal("""{"size":10000,"query":{"range":{"timestamp":{"gte":"2024-06-09T23:00:00Z","lte":"2024-06-10T11:00:00Z"}}}}""", request.BodyText);
    }

    [Fact]
    public async Task Trace_ids_of_a_period_are_scanned_page_by_page_with_a_composite_aggregation()
    {
        await using var fake = await FakeElasticsearch.StartAsync(request =>
        {
            var composite = request.Json.GetProperty("aggregations").GetProperty("traceIDs").GetProperty("composite");
            var after = composite.TryGetProperty("after", out var a) ? a.GetProperty("traceID").GetString() : null;
            var (buckets, afterKey) = after switch
            {
                null => ("""{"key":{"traceID":"00f067aa0ba902b7"},"doc_count":3},{"key":{"traceID":"4bf92f3577b34da6a3ce929d0e0e4736"},"doc_count":1}""",
                    ""","after_key":{"traceID":"4bf92f3577b34da6a3ce929d0e0e4736"}"""),
                "4bf92f3577b34da6a3ce929d0e0e4736" => ("""{"key":{"traceID":"5eed000000000001"},"doc_count":1}""", ""","after_key":{"traceID":"5eed000000000001"}"""),
                _ => ("", ""),
            };
            return FakeResponse.Json("{\"took\":1,\"_shards\":{\"failed\":0},\"hits\":{\"total\":{\"value\":5,\"relation\":\"eq\"},\"hits\":[]},"
                + "\"aggregations\":{\"traceIDs\":{\"buckets\":[" + buckets + "]" + afterKey + "}}}");
        });
        await using var store = TestStores.Create(TestStores.Options(fake) with { MaxDocCount = 2 });
        var start = new DateTimeOffset(2024, 6, 10, 10, 0, 0, TimeSpan.Zero);

        var ids = new List<TraceId>();
        await foreach (var id in store.ScanTraceIdsAsync(start, start.AddHours(1), Ct))
        {
            ids.Add(id);
        }

        Assert.Equal([new TraceId(0, 0x00f067aa0ba902b7), new TraceId(0x4bf92f3577b34da6, 0xa3ce929d0e0e4736), new TraceId(0, 0x5eed000000000001)], ids);
        var requests = fake.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal("/jaeger-span-2024-06-10/_search", requests[0].Path);
        JsonAssert.Equal("""
            {"size":0,"query":{"bool":{"filter":[
               {"range":{"startTimeMillis":{"gte":1718013600000,"lte":1718017200000}}},
               {"range":{"startTime":{"gte":1718013600000000,"lt":1718017200000000}}}]}},
             "aggregations":{"traceIDs":{"composite":{"size":2,"sources":[{"traceID":{"terms":{"field":"traceID"}}}],
               "after":{"traceID":"4bf92f3577b34da6a3ce929d0e0e4736"}}}}}
            """, requests[1].BodyText);
    }
}
