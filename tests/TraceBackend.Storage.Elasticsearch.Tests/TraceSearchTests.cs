using TraceBackend.Model;
using TraceBackend.Storage.Elasticsearch.Reading;
using TraceBackend.Storage.Elasticsearch.Tests.Support;

namespace TraceBackend.Storage.Elasticsearch.Tests;

/// <summary>Trace search: the query shape of reference §4.6 (with exact tag values), post-filtering and order.</summary>
public sealed class TraceSearchTests
{
    private static readonly DateTimeOffset s_from = new(2024, 6, 10, 10, 0, 0, 500, TimeSpan.Zero);
    private static readonly DateTimeOffset s_to = new(2024, 6, 10, 11, 0, 0, TimeSpan.Zero);
    private static readonly long s_base = s_from.ToUnixTimeMilliseconds() * 1000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Tag(string key, string value) => "[{\"key\":\"" + key + "\",\"type\":\"string\",\"value\":\"" + value + "\"}]";

    [Fact]
    public async Task The_search_is_jaegers_bool_query_with_escaped_tag_regexps_and_the_trace_id_aggregation()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => Answers.Terms("traceIDs"));
        var options = TestStores.Options(fake) with { TagDotReplacement = "@" };
        await using var store = TestStores.Create(options);
        var query = new TraceQuery
        {
            ServiceName = "frontend",
            OperationName = "GET /api",
            Attributes = new Dictionary<string, string> { ["http.url"] = "/api/v1.0?id=(7)" },
            StartTimeMin = s_from,
            StartTimeMax = s_to,
            DurationMin = TimeSpan.FromTicks(15), // 1.5 µs: rounded up
            DurationMax = TimeSpan.FromMilliseconds(2),
            SearchDepth = 3,
        };

        Assert.Empty(await store.FindTracesAsync(query, Ct));

        var request = Assert.Single(fake.Requests);
        Assert.Equal(("POST", "/jaeger-span-2024-06-10/_search", "?ignore_unavailable=true"), (request.Method, request.Path, request.Query));
        const string nested = """
            {"nested":{"path":"PATH","query":{"bool":{"must":[{"match":{"PATH.key":{"query":"http.url"}}},{"regexp":{"PATH.value":{"value":"PATTERN"}}}]}}}}
            """;
        var expected = """
            {"size":0,"query":{"bool":{"must":[
               {"range":{"startTimeMillis":{"gte":1718013600500,"lte":1718017200000}}},
               {"range":{"startTime":{"gte":1718013600500000,"lte":1718017200000000}}},
               {"match":{"process.serviceName":{"query":"frontend"}}},
               {"match":{"operationName":{"query":"GET /api"}}},
               {"range":{"duration":{"gte":2,"lte":2000}}},
               {"bool":{"should":[
                  {"bool":{"must":{"regexp":{"tag.http@url":{"value":"PATTERN"}}}}},
                  {"bool":{"must":{"regexp":{"process.tag.http@url":{"value":"PATTERN"}}}}},
                  NESTED_TAGS,NESTED_PROCESS,NESTED_LOGS]}}]}},
             "aggregations":{"traceIDs":{"terms":{"field":"traceID","size":6,"order":[{"startTime":"desc"}]},
                                         "aggregations":{"startTime":{"max":{"field":"startTime"}}}}}}
            """
            .Replace("NESTED_TAGS", nested.Replace("PATH", "tags", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("NESTED_PROCESS", nested.Replace("PATH", "process.tags", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("NESTED_LOGS", nested.Replace("PATH", "logs.fields", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("PATTERN", "/api/v1\\\\.0\\\\?id=\\\\(7\\\\)", StringComparison.Ordinal);
        JsonAssert.Equal(expected, request.BodyText);
    }

    [Fact]
    public async Task Found_ids_are_loaded_whole_post_filtered_and_returned_newest_match_first()
    {
        // The aggregation ranks A, B, C. A has no span satisfying the query (a false positive to drop); C's matching
        // span is newer than B's, so the answer is C, B. Depth 2: A and B are loaded first, then only C.
        var a = "000000000000000000000000000000aa";
        var b = "000000000000000000000000000000bb";
        var c = "000000000000000000000000000000cc";
        await using var fake = await FakeElasticsearch.StartAsync(request =>
        {
            if (request.Path.EndsWith("/_search", StringComparison.Ordinal))
            {
                return Answers.Terms("traceIDs", (a, 1), ("00000000000000bb", 1), (b, 1), (c, 1));
            }

            var lines = request.Lines;
            return Answers.MultiSearch([.. Enumerable.Range(0, lines.Count / 2).Select(i =>
            {
                var id = lines[(i * 2) + 1].GetProperty("query").GetProperty("bool").GetProperty("must")[0].GetRawText();
                return id.Contains(a, StringComparison.Ordinal)
                    ? Answers.Hits(1, false, (SpanDocs.Doc(a, "0000000000000001", s_base + 50, tags: Tag("team", "red")), s_base + 50, "0000000000000001"))
                    : id.Contains(b, StringComparison.Ordinal)
                        ? Answers.Hits(2, false,
                            (SpanDocs.Doc(b, "0000000000000002", s_base + 10, tags: Tag("team", "blue")), s_base + 10, "0000000000000002"),
                            (SpanDocs.Doc(b, "0000000000000003", s_base + 90, service: "backend", parentSpanId: "0000000000000002"), s_base + 90, "0000000000000003"))
                        : Answers.Hits(1, false, (SpanDocs.Doc(c, "0000000000000004", s_base + 20, tags: Tag("team", "blue")), s_base + 20, "0000000000000004"));
            })]);
        });
        await using var store = TestStores.Create(TestStores.Options(fake));
        var query = new TraceQuery
        {
            ServiceName = "frontend",
            Attributes = new Dictionary<string, string> { ["team"] = "blue" },
            StartTimeMin = s_from,
            StartTimeMax = s_to,
            SearchDepth = 2,
        };

        var traces = await store.FindTracesAsync(query, Ct);

        Assert.Equal([new TraceId(0, 0xcc), new TraceId(0, 0xbb)], traces.Select(t => t.TraceId));
        Assert.Equal(2, traces[1].Spans.Count); // whole trace, the backend span included
        var loads = fake.RequestsTo("/_msearch");
        Assert.Equal([2, 1], loads.Select(r => r.Lines.Count / 2));
        Assert.Equal("jaeger-span-2024-06-10", loads[0].Lines[0].GetProperty("index")[0].GetString());
    }

    [Fact]
    public async Task A_search_without_service_name_is_supported()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => Answers.Terms("traceIDs"));
        await using var store = TestStores.Create(TestStores.Options(fake));

        Assert.True(store.Capabilities.SearchWithoutServiceName);
        Assert.Empty(await store.FindTracesAsync(new TraceQuery { StartTimeMin = s_from, StartTimeMax = s_to }, Ct));

        var must = Assert.Single(fake.Requests).Json.GetProperty("query").GetProperty("bool").GetProperty("must");
        Assert.Equal(2, must.GetArrayLength()); // the two time ranges only
    }

    [Fact]
    public async Task A_service_name_tag_also_matches_the_process_service_name()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => Answers.Terms("traceIDs"));
        await using var store = TestStores.Create(TestStores.Options(fake));

        await store.FindTracesAsync(new TraceQuery { StartTimeMin = s_from, StartTimeMax = s_to, Attributes = new Dictionary<string, string> { ["service.name"] = "frontend" } }, Ct);

        var must = Assert.Single(fake.Requests).Json.GetProperty("query").GetProperty("bool").GetProperty("must");
        var should = must[2].GetProperty("bool").GetProperty("should");
        Assert.Equal(6, should.GetArrayLength()); // Jaeger's five alternatives, then the process service name
        Assert.Equal("frontend", should[5].GetProperty("term").GetProperty("process.serviceName").GetString());
    }

    [Fact]
    public async Task Values_beyond_the_keyword_limit_and_inverted_windows_match_nothing_without_a_request()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => throw new InvalidOperationException("no request expected"));
        await using var store = TestStores.Create(TestStores.Options(fake));

        Assert.Empty(await store.FindTracesAsync(new TraceQuery { StartTimeMin = s_from, StartTimeMax = s_to, Attributes = new Dictionary<string, string> { ["k"] = new string('x', 257) } }, Ct));
        Assert.Empty(await store.FindTracesAsync(new TraceQuery { StartTimeMin = s_to, StartTimeMax = s_from }, Ct));
        Assert.Empty(fake.Requests);
    }

    [Theory]
    [InlineData("plain-value_1", "plain-value_1")]
    [InlineData("/api/v1.0", "/api/v1\\.0")]
    [InlineData("a+b*c?|{}[]()", "a\\+b\\*c\\?\\|\\{\\}\\[\\]\\(\\)")]
    [InlineData("q\"\\#@&<>~", "q\\\"\\\\\\#\\@\\&\\<\\>\\~")]
    public void Tag_values_are_escaped_to_match_literally(string value, string expected) =>
        Assert.Equal(expected, LuceneRegex.Escape(value));
}
