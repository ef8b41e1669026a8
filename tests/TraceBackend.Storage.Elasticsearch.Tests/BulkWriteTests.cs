using System.Diagnostics;
using System.Text.Json;
using TraceBackend.Model;
using TraceBackend.Storage.Conformance;
using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Documents;
using TraceBackend.Storage.Elasticsearch.Tests.Support;

namespace TraceBackend.Storage.Elasticsearch.Tests;

/// <summary>The write path: <c>_bulk</c> bodies, service documents, per-item errors, retries and back-pressure.</summary>
public sealed class BulkWriteTests
{
    private static readonly DateTimeOffset s_lateEvening = new(2024, 6, 9, 23, 59, 59, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Span MakeSpan(ulong id, DateTimeOffset start, string service = "api", string name = "GET /", SpanKind kind = SpanKind.Server) =>
        new SpanBuilder(new TraceId(0, 0xabc), new SpanId(id), FixtureTraces.Service(service), name, start, TimeSpan.FromMilliseconds(5)).Kind(kind).Build();

    [Fact]
    public async Task Spans_go_to_the_index_of_their_start_date_under_fixed_ids_with_one_service_document_per_operation()
    {
        await using var fake = await FakeElasticsearch.StartAsync(Answers.BulkOk);
        await using var store = TestStores.Create(TestStores.Options(fake));
        Span[] spans = [MakeSpan(1, s_lateEvening), MakeSpan(2, s_lateEvening.AddSeconds(2)), MakeSpan(3, s_lateEvening.AddSeconds(3))];

        await store.WriteAsync(spans, Ct);

        var lines = fake.RequestsTo("/_bulk").SelectMany(r => r.Lines).ToList();
        var actions = lines.Where((_, i) => i % 2 == 0).Select(l => l.GetProperty("index")).ToList();
        var documents = lines.Where((_, i) => i % 2 == 1).ToList();
        Assert.Equal(
            ["jaeger-span-2024-06-09", "jaeger-service-2024-06-09", "jaeger-span-2024-06-10", "jaeger-service-2024-06-10", "jaeger-span-2024-06-10"],
            actions.Select(a => a.GetProperty("_index").GetString()));
        Assert.Equal(DocumentIds.Span(spans[0]), actions[0].GetProperty("_id").GetString());
        Assert.False(actions[0].TryGetProperty("_type", out _));
        Assert.Equal(DocumentIds.Service("api", "GET /", "server"), actions[1].GetProperty("_id").GetString());
        Assert.Equal("""{"serviceName":"api","operationName":"GET /","spanKind":"server"}""", documents[1].GetRawText());
        Assert.Equal("00000000000000000000000000000abc", documents[0].GetProperty("traceID").GetString());
        Assert.Equal(5, store.WriteStatistics.ItemsStored);

        await store.WriteAsync(spans, Ct); // a client retry: same IDs, services cached

        var retried = fake.RequestsTo("/_bulk").Skip(1).SelectMany(r => r.Lines).Where((_, i) => i % 2 == 0).Select(l => l.GetProperty("index")).ToList();
        Assert.Equal(actions.Where(a => a.GetProperty("_index").GetString()!.Contains("span", StringComparison.Ordinal)).Select(a => a.GetProperty("_id").GetString()),
            retried.Select(a => a.GetProperty("_id").GetString()));
    }

    [Fact]
    public async Task Elasticsearch_6_actions_carry_mapping_types_and_aliases_and_prefixes_name_the_targets()
    {
        await using var fake = await FakeElasticsearch.StartAsync(Answers.BulkOk);
        var options = TestStores.Options(fake) with { IndexPrefix = "prod", UseAliases = true };
        await using var store = TestStores.Create(options, TestStores.Es6);

        var span = MakeSpan(1, s_lateEvening, kind: SpanKind.Unspecified);
        await store.WriteAsync([span], Ct);

        var lines = Assert.Single(fake.RequestsTo("/_bulk")).Lines;
        Assert.Equal("""{"index":{"_index":"prod-jaeger-span-write","_type":"span","_id":""" + "\"" + DocumentIds.Span(span) + "\"}}", lines[0].GetRawText());
        Assert.StartsWith("00000000000000000000000000000abc0000000000000001-", DocumentIds.Span(span), StringComparison.Ordinal);
        Assert.Equal("""{"index":{"_index":"prod-jaeger-service-write","_type":"service","_id":""" + "\"" + DocumentIds.Service("api", "GET /", "") + "\"}}", lines[2].GetRawText());
        Assert.Equal("""{"serviceName":"api","operationName":"GET /"}""", lines[3].GetRawText()); // no kind: Jaeger's exact document
    }

    [Fact]
    public async Task A_429_item_is_retried_alone_and_a_400_item_is_counted_and_fails_the_write()
    {
        var bulks = 0;
        await using var fake = await FakeElasticsearch.StartAsync(request => Interlocked.Increment(ref bulks) == 1
            ? Answers.Bulk(request, (_, document) => document.TryGetProperty("spanID", out var id) ? id.GetString() switch
            {
                "0000000000000001" => (429, "es_rejected_execution_exception"),
                "0000000000000002" => (400, "mapper_parsing_exception"),
                _ => (201, null),
            } : (201, null))
            : Answers.BulkOk(request));
        await using var store = TestStores.Create(TestStores.Options(fake));

        var error = await Assert.ThrowsAsync<ElasticsearchException>(async () =>
            await store.WriteAsync([MakeSpan(1, s_lateEvening), MakeSpan(2, s_lateEvening), MakeSpan(3, s_lateEvening)], Ct));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("mapper_parsing_exception", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 of 4 bulk item(s) were not stored", error.Message, StringComparison.Ordinal);
        var requests = fake.RequestsTo("/_bulk");
        Assert.Equal(2, requests.Count);
        var retry = requests[1].Lines;
        Assert.Equal(2, retry.Count);
        Assert.Equal("0000000000000001", retry[1].GetProperty("spanID").GetString());
        var statistics = store.WriteStatistics;
        Assert.Equal((3L, 1L, 1L, 0L), (statistics.ItemsStored, statistics.ItemsRetried, statistics.ItemsRejected, statistics.ItemsUnavailable));
    }

    [Fact]
    public async Task Items_refused_with_429_until_the_retries_run_out_fail_the_write_as_unavailable()
    {
        await using var fake = await FakeElasticsearch.StartAsync(request => Answers.Bulk(request, (action, _) =>
            action.GetProperty("_index").GetString()!.Contains("span", StringComparison.Ordinal) ? (429, "es_rejected_execution_exception") : (201, null)));
        await using var store = TestStores.Create(TestStores.Options(fake));

        var error = await Assert.ThrowsAsync<ElasticsearchUnavailableException>(async () => await store.WriteAsync([MakeSpan(1, s_lateEvening)], Ct));

        Assert.Contains("es_rejected_execution_exception", error.Message, StringComparison.Ordinal);
        Assert.Equal(TestStores.FastRetry.MaxAttempts, fake.RequestsTo("/_bulk").Count);
        Assert.Equal(1, store.WriteStatistics.ItemsUnavailable);
        Assert.Equal(1, store.WriteStatistics.ItemsStored); // the service document
    }

    [Fact]
    public async Task A_whole_bulk_refused_with_429_is_sent_again()
    {
        var bulks = 0;
        await using var fake = await FakeElasticsearch.StartAsync(request => Interlocked.Increment(ref bulks) == 1
            ? FakeResponse.Error(429, "circuit_breaking_exception", "[parent] Data too large")
            : Answers.BulkOk(request));
        await using var store = TestStores.Create(TestStores.Options(fake));

        await store.WriteAsync([MakeSpan(1, s_lateEvening)], Ct);

        var requests = fake.RequestsTo("/_bulk");
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].BodyText, requests[1].BodyText);
    }

    [Fact]
    public async Task A_cluster_answering_503_fails_the_write_in_bounded_time_so_callers_push_back()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => FakeResponse.Error(503, "unavailable_shards_exception", "primary shard is not active"));
        await using var store = TestStores.Create(TestStores.Options(fake));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<ElasticsearchUnavailableException>(async () => await store.WriteAsync([MakeSpan(1, s_lateEvening)], Ct));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal(2, store.WriteStatistics.ItemsUnavailable);
    }

    [Fact]
    public async Task Once_one_bulk_of_a_write_is_given_up_its_other_bulks_fail_without_being_sent()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => FakeResponse.Error(503, "unavailable_shards_exception", "primary shard is not active"));
        var options = TestStores.Options(fake) with { BulkActions = 2, BulkWorkers = 1, ServiceCacheTtl = TimeSpan.Zero };
        await using var store = TestStores.Create(options);
        var spans = Enumerable.Range(1, 10).Select(i => MakeSpan((ulong)i, s_lateEvening)).ToList();

        await Assert.ThrowsAsync<ElasticsearchUnavailableException>(async () => await store.WriteAsync(spans, Ct));

        // 11 items (10 spans + 1 service document) in 6 bulks of at most 2: the first bulk's transport attempts
        // (FastRetry: 4) are sent, the other five bulks fail without a request.
        Assert.Equal(4, fake.RequestsTo("/_bulk").Count);
        Assert.Equal(11, store.WriteStatistics.ItemsUnavailable);
    }

    [Fact]
    public async Task Bulks_are_sealed_at_the_action_limit_and_at_most_the_worker_count_is_in_flight()
    {
        var inFlight = 0;
        var maxInFlight = 0;
        await using var fake = await FakeElasticsearch.StartAsync(request =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            Thread.Sleep(30);
            Interlocked.Decrement(ref inFlight);
            return Answers.BulkOk(request);
        });
        var options = TestStores.Options(fake) with { BulkActions = 3, BulkWorkers = 2, ServiceCacheTtl = TimeSpan.Zero };
        await using var store = TestStores.Create(options);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.WriteAsync([MakeSpan((ulong)i + 1, s_lateEvening), MakeSpan((ulong)i + 100, s_lateEvening)], Ct).AsTask()));

        var bulks = fake.RequestsTo("/_bulk");
        Assert.All(bulks, b => Assert.True(b.Lines.Count <= 6, $"{b.Lines.Count / 2} actions in one bulk"));
        Assert.Equal(8 * 3, bulks.Sum(b => b.Lines.Count / 2)); // 2 spans + 1 service document per call (cache off)
        Assert.InRange(maxInFlight, 1, 2);
    }

    [Fact]
    public async Task Pending_items_are_sent_when_the_store_is_disposed()
    {
        await using var fake = await FakeElasticsearch.StartAsync(Answers.BulkOk);
        var store = TestStores.Create(TestStores.Options(fake) with { BulkFlushInterval = TimeSpan.FromMinutes(5) });

        var write = store.WriteAsync([MakeSpan(1, s_lateEvening)], Ct).AsTask();
        await Task.Delay(50, Ct);
        Assert.False(write.IsCompleted);
        await store.DisposeAsync();

        await write.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Single(fake.RequestsTo("/_bulk"));
    }

    [Fact]
    public async Task Dependency_snapshots_are_put_under_an_id_derived_from_their_timestamp()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => FakeResponse.Json("""{"result":"created"}"""));
        await using var store = TestStores.Create(TestStores.Options(fake));
        await using var es6 = TestStores.Create(TestStores.Options(fake) with { IndexPrefix = "t-" }, TestStores.Es6);
        var timestamp = new DateTimeOffset(2024, 6, 10, 11, 0, 0, TimeSpan.Zero);

        await store.WriteDependenciesAsync(timestamp, [new DependencyLink("frontend", "backend", 12), new DependencyLink("backend", "db", 3)], Ct);
        await es6.WriteDependenciesAsync(timestamp.AddMilliseconds(1.5), [], Ct);

        var requests = fake.Requests;
        Assert.Equal(("PUT", "/jaeger-dependencies-2024-06-10/_doc/1718017200000000"), (requests[0].Method, requests[0].Path));
        Assert.Equal("""{"timestamp":"2024-06-10T11:00:00Z","dependencies":[{"parent":"frontend","child":"backend","callCount":12},{"parent":"backend","child":"db","callCount":3}]}""",
            requests[0].BodyText);
        Assert.Equal(("PUT", "/t-jaeger-dependencies-2024-06-10/dependencies/1718017200001500"), (requests[1].Method, requests[1].Path));
        Assert.Equal("""{"timestamp":"2024-06-10T11:00:00.0015Z","dependencies":[]}""", requests[1].BodyText);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
