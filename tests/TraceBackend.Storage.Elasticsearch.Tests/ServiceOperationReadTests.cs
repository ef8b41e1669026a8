using TraceBackend.Model;
using TraceBackend.Storage.Elasticsearch.Tests.Support;

namespace TraceBackend.Storage.Elasticsearch.Tests;

/// <summary>Services and operations from the service indices of [now − max span age, now] (reference §4.6).</summary>
public sealed class ServiceOperationReadTests
{
    private const string ServicePath = "/jaeger-service-2024-06-10,jaeger-service-2024-06-09,jaeger-service-2024-06-08,jaeger-service-2024-06-07/_search";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Services_are_the_distinct_services_aggregation_sorted_ordinally()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => Answers.Terms("distinct_services", ("zeta", 4), ("Alpha", 2), ("beta", 9)));
        await using var store = TestStores.Create(TestStores.Options(fake));

        var services = await store.GetServicesAsync(Ct);

        Assert.Equal(["Alpha", "beta", "zeta"], services);
        var request = Assert.Single(fake.Requests);
        Assert.Equal(("POST", ServicePath, "?ignore_unavailable=true"), (request.Method, request.Path, request.Query));
        JsonAssert.Equal("""{"size":0,"aggregations":{"distinct_services":{"terms":{"field":"serviceName","size":10000}}}}""", request.BodyText);
    }

    [Fact]
    public async Task No_service_indices_yet_means_no_services()
    {
        // What a cluster answers when ignore_unavailable leaves no index to search: no aggregations at all.
        await using var fake = await FakeElasticsearch.StartAsync(_ => FakeResponse.Json("""{"took":0,"timed_out":false,"_shards":{"total":0,"successful":0,"skipped":0,"failed":0},"hits":{"total":{"value":0,"relation":"eq"},"max_score":0.0,"hits":[]}}"""));
        await using var store = TestStores.Create(TestStores.Options(fake) with { MaxSpanAge = TimeSpan.FromHours(1), IndexPrefix = "tenant1" });

        Assert.Empty(await store.GetServicesAsync(Ct));
        Assert.Equal("/tenant1-jaeger-service-2024-06-10/_search", Assert.Single(fake.Requests).Path);
    }

    [Fact]
    public async Task Operations_come_with_their_kinds_and_documents_without_a_kind_are_unspecified()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => Answers.Aggregation("distinct_operations", 5,
        [
            Answers.Bucket("GET /b", 1, ",\"spanKind\":{\"buckets\":[" + Answers.Bucket("client", 1) + "]}"),
            // Three documents: two written with kind server, one by Jaeger without a kind.
            Answers.Bucket("GET /a", 3, ",\"spanKind\":{\"buckets\":[" + Answers.Bucket("server", 2) + "]}"),
            Answers.Bucket("work", 1, ",\"spanKind\":{\"buckets\":[" + Answers.Bucket("internal", 1) + "]}"),
        ]));
        await using var store = TestStores.Create(TestStores.Options(fake));

        var all = await store.GetOperationsAsync(new OperationQuery("api"), Ct);
        var servers = await store.GetOperationsAsync(new OperationQuery("api", SpanKind.Server), Ct);

        Assert.Equal(
            [new("GET /a", SpanKind.Unspecified), new("GET /a", SpanKind.Server), new("GET /b", SpanKind.Client), new Operation("work", SpanKind.Internal)],
            all);
        Assert.Equal([new Operation("GET /a", SpanKind.Server)], servers);
        var request = fake.Requests[0];
        Assert.Equal(ServicePath, request.Path);
        JsonAssert.Equal("""
            {"size":0,"query":{"term":{"serviceName":"api"}},
             "aggregations":{"distinct_operations":{"terms":{"field":"operationName","size":10000},
               "aggregations":{"spanKind":{"terms":{"field":"spanKind","size":10}}}}}}
            """, request.BodyText);
    }

    [Fact]
    public async Task A_dynamically_mapped_kind_is_aggregated_on_its_keyword_sub_field()
    {
        // Indices created from Jaeger's own templates map spanKind dynamically: text, with a spanKind.keyword sub-field.
        await using var fake = await FakeElasticsearch.StartAsync(request => request.BodyText.Contains("\"spanKind\",", StringComparison.Ordinal)
            ? FakeResponse.Error(400, "illegal_argument_exception", "Text fields are not optimised for operations that require per-document field data")
            : Answers.Aggregation("distinct_operations", 1, [Answers.Bucket("GET /a", 1, ",\"spanKind\":{\"buckets\":[" + Answers.Bucket("server", 1) + "]}")]));
        await using var store = TestStores.Create(TestStores.Options(fake));

        var operations = await store.GetOperationsAsync(new OperationQuery("api"), Ct);

        Assert.Equal([new Operation("GET /a", SpanKind.Server)], operations);
        Assert.Equal(2, fake.Requests.Count);
        Assert.Equal("spanKind.keyword", fake.Requests[1].Json.GetProperty("aggregations").GetProperty("distinct_operations")
            .GetProperty("aggregations").GetProperty("spanKind").GetProperty("terms").GetProperty("field").GetString());
    }

    [Fact]
    public async Task When_no_kind_aggregation_works_operations_are_listed_without_kinds()
    {
        await using var fake = await FakeElasticsearch.StartAsync(request => request.BodyText.Contains("spanKind", StringComparison.Ordinal)
            ? FakeResponse.Error(400, "illegal_argument_exception", "Text fields are not optimised for operations that require per-document field data")
            : Answers.Terms("distinct_operations", ("GET /a", 2)));
        await using var store = TestStores.Create(TestStores.Options(fake));

        var operations = await store.GetOperationsAsync(new OperationQuery("api"), Ct);

        Assert.Equal([new Operation("GET /a", SpanKind.Unspecified)], operations);
        Assert.Equal(3, fake.Requests.Count);
        JsonAssert.Equal(
            """{"size":0,"query":{"term":{"serviceName":"api"}},"aggregations":{"distinct_operations":{"terms":{"field":"operationName","size":10000}}}}""",
            fake.Requests[2].BodyText);
    }

    [Fact]
    public async Task A_partial_answer_with_shard_failures_also_falls_back()
    {
        await using var fake = await FakeElasticsearch.StartAsync(request => request.BodyText.Contains("spanKind", StringComparison.Ordinal)
            ? Answers.Aggregation("distinct_operations", 1, [Answers.Bucket("GET /a", 1)],
                "\"failed\":1,\"failures\":[{\"shard\":0,\"index\":\"jaeger-service-2024-06-09\",\"reason\":{\"type\":\"illegal_argument_exception\",\"reason\":\"fielddata\"}}]")
            : Answers.Terms("distinct_operations", ("GET /a", 1), ("GET /old", 1)));
        await using var store = TestStores.Create(TestStores.Options(fake));

        var operations = await store.GetOperationsAsync(new OperationQuery("api"), Ct);

        Assert.Equal([new Operation("GET /a", SpanKind.Unspecified), new Operation("GET /old", SpanKind.Unspecified)], operations);
    }

    [Fact]
    public async Task Index_lists_too_long_for_a_request_line_become_a_wildcard()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => Answers.Terms("distinct_services"));
        await using var store = TestStores.Create(TestStores.Options(fake) with { MaxSpanAge = TimeSpan.FromDays(400) });

        await store.GetServicesAsync(Ct);

        Assert.Equal("/jaeger-service-*/_search", Assert.Single(fake.Requests).Path);
    }
}
