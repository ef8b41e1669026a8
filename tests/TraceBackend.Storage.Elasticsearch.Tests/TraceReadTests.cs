using TraceBackend.Model;
using TraceBackend.Storage.Elasticsearch.Tests.Support;

namespace TraceBackend.Storage.Elasticsearch.Tests;

/// <summary>Traces by ID: <c>_msearch</c> shape, <c>search_after</c> paging, ID forms and the lookup rounds beyond Jaeger's.</summary>
public sealed class TraceReadTests
{
    private const string Window = "jaeger-span-2024-06-10,jaeger-span-2024-06-09,jaeger-span-2024-06-08,jaeger-span-2024-06-07";
    private static readonly TraceId s_narrow = new(0, 0x00f067aa0ba902b7);
    private static readonly TraceId s_wide = new(0x4bf92f3577b34da6, 0xa3ce929d0e0e4736);
    private static readonly long s_start = 1_718_000_000_000_000; // 2024-06-10 06:13:20 UTC in µs

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Header(IReadOnlyList<System.Text.Json.JsonElement> lines, int request) =>
        string.Join(",", lines[request * 2].GetProperty("index").EnumerateArray().Select(i => i.GetString()));

    [Fact]
    public async Task A_trace_is_loaded_with_one_msearch_over_the_max_span_age_window_matching_every_id_form()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => Answers.MultiSearch(
            Answers.Hits(2, es6: false,
                (SpanDocs.Doc("00f067aa0ba902b7", "0000000000000001", s_start), s_start, "0000000000000001"),
                (SpanDocs.Doc("000000000000000000f067aa0ba902b7", "0000000000000002", s_start + 5, parentSpanId: "0000000000000001"), s_start + 5, "0000000000000002"))));
        await using var store = TestStores.Create(TestStores.Options(fake));

        var traces = await store.GetTracesAsync([new TraceGetRequest(s_narrow)], Ct);

        var trace = Assert.Single(traces);
        Assert.Equal(s_narrow, trace.TraceId);
        Assert.Equal(2, trace.Spans.Count);
        Assert.Equal(new SpanId(1), trace.Spans.Single(s => s.SpanId == new SpanId(2)).ParentSpanId);
        var request = Assert.Single(fake.Requests);
        Assert.Equal(("POST", "/_msearch"), (request.Method, request.Path));
        Assert.StartsWith("application/x-ndjson", request.ContentType, StringComparison.Ordinal);
        var lines = request.Lines;
        JsonAssert.Equal($$"""{"index":[{{string.Join(",", Window.Split(',').Select(i => $"\"{i}\""))}}],"ignore_unavailable":true}""", lines[0].GetRawText());
        JsonAssert.Equal("""
            {"query":{"bool":{"must":[{"bool":{"should":[
                {"term":{"traceID":{"value":"000000000000000000f067aa0ba902b7","boost":2}}},
                {"term":{"traceID":"00f067aa0ba902b7"}},
                {"term":{"traceID":"f067aa0ba902b7"}}]}}]}},
             "size":10000,"sort":[{"startTime":{"order":"asc"}},{"spanID":{"order":"asc"}}],"track_total_hits":true}
            """, lines[1].GetRawText());
    }

    [Fact]
    public async Task A_128_bit_id_is_asked_in_its_32_char_form_only()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => Answers.MultiSearch(
            Answers.Hits(1, es6: false, (SpanDocs.Doc("4bf92f3577b34da6a3ce929d0e0e4736", "0000000000000001", s_start), s_start, "0000000000000001"))));
        await using var store = TestStores.Create(TestStores.Options(fake));

        Assert.Single(await store.GetTracesAsync([new TraceGetRequest(s_wide)], Ct));

        JsonAssert.Equal("""{"query":{"bool":{"must":[{"term":{"traceID":"4bf92f3577b34da6a3ce929d0e0e4736"}}]}},"size":10000,"sort":[{"startTime":{"order":"asc"}},{"spanID":{"order":"asc"}}],"track_total_hits":true}""",
            fake.Requests[0].Lines[1].GetRawText());
    }

    [Fact]
    public async Task Big_traces_are_paged_with_search_after_until_the_total_is_read()
    {
        var pages = 0;
        await using var fake = await FakeElasticsearch.StartAsync(_ => Interlocked.Increment(ref pages) == 1
            ? Answers.MultiSearch(Answers.Hits(3, es6: true,
                (SpanDocs.Doc("00f067aa0ba902b7", "0000000000000001", s_start), s_start, "0000000000000001"),
                (SpanDocs.Doc("00f067aa0ba902b7", "0000000000000002", s_start), s_start, "0000000000000002")))
            : Answers.MultiSearch(Answers.Hits(3, es6: true,
                (SpanDocs.Doc("00f067aa0ba902b7", "0000000000000003", s_start + 10), s_start + 10, "0000000000000003"))));
        await using var store = TestStores.Create(TestStores.Options(fake) with { MaxDocCount = 2 }, TestStores.Es6);

        var trace = Assert.Single(await store.GetTracesAsync([new TraceGetRequest(s_narrow)], Ct));

        Assert.Equal([1UL, 2UL, 3UL], trace.Spans.Select(s => s.SpanId.Value).Order());
        Assert.Equal(2, fake.Requests.Count);
        var second = fake.Requests[1].Lines[1];
        Assert.Equal(2, second.GetProperty("size").GetInt32());
        JsonAssert.Equal($"[{s_start},\"0000000000000002\"]", second.GetProperty("search_after").GetRawText());
    }

    [Fact]
    public async Task Traces_not_found_in_the_window_are_looked_up_in_the_hint_window_then_in_every_span_index()
    {
        var old = new DateTimeOffset(2023, 1, 1, 10, 0, 0, TimeSpan.Zero);
        var oldMicros = old.ToUnixTimeMilliseconds() * 1000;
        await using var fake = await FakeElasticsearch.StartAsync(request =>
        {
            var lines = request.Lines;
            var answers = new List<string>();
            for (var i = 0; i < lines.Count / 2; i++)
            {
                var indices = Header(lines, i);
                answers.Add(indices switch
                {
                    "jaeger-span-2023-01-01" => Answers.Hits(1, es6: false, (SpanDocs.Doc("4bf92f3577b34da6a3ce929d0e0e4736", "00000000000000aa", oldMicros), oldMicros, "00000000000000aa")),
                    "jaeger-span-*,-jaeger-span-archive*" => Answers.Hits(1, es6: false, (SpanDocs.Doc("f067aa0ba902b7", "00000000000000bb", oldMicros), oldMicros, "00000000000000bb")),
                    _ => Answers.Hits(0, es6: false),
                });
            }

            return Answers.MultiSearch([.. answers]);
        });
        await using var store = TestStores.Create(TestStores.Options(fake));

        var traces = await store.GetTracesAsync(
            [new TraceGetRequest(s_narrow), new TraceGetRequest(s_wide, old, old.AddHours(1)), new TraceGetRequest(new TraceId(0, 0x99))], Ct);

        Assert.Equal([s_narrow, s_wide], traces.Select(t => t.TraceId));
        Assert.Equal(new SpanId(0xbb), Assert.Single(traces[0].Spans).SpanId); // a pre-1.16 document: leading zeros trimmed
        Assert.Equal(new SpanId(0xaa), Assert.Single(traces[1].Spans).SpanId);
        var rounds = fake.Requests;
        Assert.Equal(3, rounds.Count);
        Assert.Equal([Window, Window, Window], Enumerable.Range(0, 3).Select(i => Header(rounds[0].Lines, i)));
        Assert.Equal("jaeger-span-2023-01-01", Header(rounds[1].Lines, 0));
        Assert.Equal(2, rounds[1].Lines.Count);
        Assert.Equal(["jaeger-span-*,-jaeger-span-archive*", "jaeger-span-*,-jaeger-span-archive*"], Enumerable.Range(0, 2).Select(i => Header(rounds[2].Lines, i)));
        Assert.Equal("f067aa0ba902b7", rounds[2].Lines[1].GetProperty("query").GetProperty("bool").GetProperty("must")[0]
            .GetProperty("bool").GetProperty("should")[2].GetProperty("term").GetProperty("traceID").GetString());
    }

    [Fact]
    public async Task In_alias_mode_the_read_alias_is_searched_once()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => Answers.MultiSearch(Answers.Hits(0, es6: false)));
        await using var store = TestStores.Create(TestStores.Options(fake) with { UseAliases = true, IndexPrefix = "p" });

        Assert.Empty(await store.GetTracesAsync([new TraceGetRequest(s_wide, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero))], Ct));

        Assert.Equal("p-jaeger-span-read", Header(Assert.Single(fake.Requests).Lines, 0));
    }

    [Fact]
    public async Task Duplicate_documents_of_a_span_are_returned_once_and_sub_request_failures_surface()
    {
        var doc = SpanDocs.Doc("4bf92f3577b34da6a3ce929d0e0e4736", "0000000000000001", s_start);
        await using var fake = await FakeElasticsearch.StartAsync(request => request.Lines.Count == 2
            ? Answers.MultiSearch(Answers.Hits(2, es6: false, (doc, s_start, "0000000000000001"), (doc, s_start, "0000000000000001")))
            : Answers.MultiSearch(Answers.Hits(0, es6: false), """{"error":{"type":"es_rejected_execution_exception","reason":"queue full"},"status":429}"""));
        await using var store = TestStores.Create(TestStores.Options(fake));

        Assert.Single(Assert.Single(await store.GetTracesAsync([new TraceGetRequest(s_wide)], Ct)).Spans);
        await Assert.ThrowsAsync<Client.ElasticsearchUnavailableException>(async () =>
            await store.GetTracesAsync([new TraceGetRequest(s_wide), new TraceGetRequest(s_narrow)], Ct));
    }
}
