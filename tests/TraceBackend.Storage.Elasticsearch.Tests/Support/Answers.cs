using System.Text;
using System.Text.Json;

namespace TraceBackend.Storage.Elasticsearch.Tests.Support;

/// <summary>Realistic cluster answers.</summary>
public static class Answers
{
    public const string Es68Root = """
        {"name":"es6","cluster_name":"docker-cluster","cluster_uuid":"x1","version":{"number":"6.8.23","build_flavor":"default","build_type":"docker",
        "build_hash":"4f67856","build_date":"2022-01-06T21:30:50.087716Z","build_snapshot":false,"lucene_version":"7.7.3",
        "minimum_wire_compatibility_version":"5.6.0","minimum_index_compatibility_version":"5.0.0"},"tagline":"You Know, for Search"}
        """;

    public const string Es717Root = """
        {"name":"es7","cluster_name":"docker-cluster","cluster_uuid":"x2","version":{"number":"7.17.18","build_flavor":"default","build_type":"docker",
        "build_hash":"8682172c2130b9a411b1bd5ff37c9792367de6b0","build_date":"2024-02-02T12:04:59.691750271Z","build_snapshot":false,
        "lucene_version":"8.11.1","minimum_wire_compatibility_version":"6.8.0","minimum_index_compatibility_version":"6.0.0-beta1"},
        "tagline":"You Know, for Search"}
        """;

    public const string Es8Root = """
        {"name":"es8","cluster_name":"docker-cluster","cluster_uuid":"x3","version":{"number":"8.15.3","build_flavor":"default","build_type":"docker",
        "build_hash":"f97532e680b555c3a05e73a74c28afb666923018","build_date":"2024-10-09T22:08:00.328917561Z","build_snapshot":false,
        "lucene_version":"9.11.1","minimum_wire_compatibility_version":"7.17.0","minimum_index_compatibility_version":"7.0.0"},
        "tagline":"You Know, for Search"}
        """;

    public const string OpenSearch2Root = """
        {"name":"os2","cluster_name":"docker-cluster","cluster_uuid":"x4","version":{"distribution":"opensearch","number":"2.17.1",
        "build_type":"tar","build_hash":"1893d20797e30110e5877170e44d42275ce5951e","build_date":"2024-09-26T21:59:52.691008096Z",
        "build_snapshot":false,"lucene_version":"9.11.1","minimum_wire_compatibility_version":"7.10.0","minimum_index_compatibility_version":"7.0.0"},
        "tagline":"The OpenSearch Project: https://opensearch.org/"}
        """;

    /// <summary>Every bulk item stored (201), in request order.</summary>
    public static FakeResponse BulkOk(RecordedRequest request) => Bulk(request, static (_, _) => (201, null));

    /// <summary>A bulk answer deciding each item's status (and error type) from its action and document.</summary>
    public static FakeResponse Bulk(RecordedRequest request, Func<JsonElement, JsonElement, (int Status, string? ErrorType)> decide)
    {
        var lines = request.Lines;
        var items = new StringBuilder();
        var errors = false;
        for (var i = 0; i + 1 < lines.Count; i += 2)
        {
            var action = lines[i].GetProperty("index");
            var (status, errorType) = decide(action, lines[i + 1]);
            errors |= status >= 300;
            if (items.Length > 0)
            {
                items.Append(',');
            }

            var error = errorType is null ? "" : $$""","error":{"type":"{{errorType}}","reason":"{{errorType}} for test"}""";
            items.Append($$$"""{"index":{"_index":"{{{action.GetProperty("_index").GetString()}}}","_id":"{{{action.GetProperty("_id").GetString()}}}","_version":1,"result":"created","status":{{{status}}}{{{error}}}}}""");
        }

        return FakeResponse.Json($$"""{"took":3,"errors":{{(errors ? "true" : "false")}},"items":[{{items}}]}""");
    }

    /// <summary>A search answer with terms buckets under <paramref name="aggregation"/> and an ES 7+ <c>hits.total</c>.</summary>
    public static FakeResponse Terms(string aggregation, params (string Key, long Count)[] buckets) =>
        Aggregation(aggregation, buckets.Sum(static b => b.Count), [.. buckets.Select(static b => Bucket(b.Key, b.Count))]);

    /// <summary>A search answer whose aggregation <paramref name="aggregation"/> has the given bucket JSON texts.</summary>
    public static FakeResponse Aggregation(string aggregation, long total, IReadOnlyList<string> buckets, string shards = "\"failed\":0") =>
        FakeResponse.Json(
            "{\"took\":1,\"timed_out\":false,\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0," + shards + "},"
            + "\"hits\":{\"total\":{\"value\":" + total + ",\"relation\":\"eq\"},\"max_score\":null,\"hits\":[]},"
            + "\"aggregations\":{" + JsonSerializer.Serialize(aggregation) + ":{\"doc_count_error_upper_bound\":0,\"sum_other_doc_count\":0,"
            + "\"buckets\":[" + string.Join(",", buckets) + "]}}}");

    public static string Bucket(string key, long count, string extra = "") =>
        "{\"key\":" + JsonSerializer.Serialize(key) + ",\"doc_count\":" + count + extra + "}";

    /// <summary>An <c>_msearch</c> answer: one response per sub-request, each with the given hits (<c>_source</c> JSON texts).</summary>
    public static FakeResponse MultiSearch(params string[] responses) =>
        FakeResponse.Json($$"""{"took":2,"responses":[{{string.Join(",", responses)}}]}""");

    /// <summary>One <c>_msearch</c> response (ES 7+ total object, or a plain number for ES 6).</summary>
    public static string Hits(long total, bool es6, params (string Source, long StartTime, string SpanId)[] hits)
    {
        var totalJson = es6 ? total.ToString(System.Globalization.CultureInfo.InvariantCulture) : $$"""{"value":{{total}},"relation":"eq"}""";
        var type = es6 ? "\"_type\":\"span\"," : "";
        var items = string.Join(",", hits.Select((h, i) =>
            $$"""{"_index":"jaeger-span-2024-06-10",{{type}}"_id":"id{{i}}","_score":null,"_source":{{h.Source}},"sort":[{{h.StartTime}},"{{h.SpanId}}"]}"""));
        return $$"""{"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{{totalJson}},"max_score":null,"hits":[{{items}}]},"status":200}""";
    }
}
