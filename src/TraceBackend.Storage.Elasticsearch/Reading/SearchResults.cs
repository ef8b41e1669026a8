using System.Text.Json;
using TraceBackend.Storage.Elasticsearch.Client;

namespace TraceBackend.Storage.Elasticsearch.Reading;

/// <summary>Reading search answers of every supported version.</summary>
internal static class SearchResults
{
    /// <summary>Parses a search answer; non-2xx becomes the matching exception.</summary>
    public static JsonDocument Parse(ElasticsearchResponse response, string operation)
    {
        if (!response.IsSuccess)
        {
            throw ErrorText.Failure(response, operation);
        }

        try
        {
            return response.ParseJson();
        }
        catch (JsonException ex)
        {
            throw new ElasticsearchException($"{operation}: unreadable answer ({ex.Message}): {response.BodyText(300)}", response.StatusCode);
        }
    }

    /// <summary><c>hits.total</c>: a number on Elasticsearch 6, <c>{"value", "relation"}</c> since 7; null when absent.</summary>
    public static long? HitsTotal(JsonElement hits)
    {
        if (!hits.TryGetProperty("total", out var total))
        {
            return null;
        }

        return total.ValueKind switch
        {
            JsonValueKind.Number when total.TryGetInt64(out var n) => n,
            JsonValueKind.Object when total.TryGetProperty("value", out var v) && v.TryGetInt64(out var n) => n,
            _ => null,
        };
    }

    /// <summary>
    /// The buckets of aggregation <paramref name="name"/>; empty when the answer has no aggregations (a search over
    /// indices that do not exist yet, with <c>ignore_unavailable</c>).
    /// </summary>
    public static IEnumerable<JsonElement> Buckets(JsonElement owner, string name)
    {
        if (owner.TryGetProperty("aggregations", out var aggregations) && aggregations.TryGetProperty(name, out var aggregation)
            && aggregation.TryGetProperty("buckets", out var buckets) && buckets.ValueKind == JsonValueKind.Array)
        {
            return buckets.EnumerateArray();
        }

        return [];
    }

    /// <summary>The buckets of sub-aggregation <paramref name="name"/> of a bucket (sub-aggregations are the bucket's own properties).</summary>
    public static IEnumerable<JsonElement> SubBuckets(JsonElement bucket, string name)
    {
        if (bucket.TryGetProperty(name, out var aggregation) && aggregation.ValueKind == JsonValueKind.Object
            && aggregation.TryGetProperty("buckets", out var buckets) && buckets.ValueKind == JsonValueKind.Array)
        {
            return buckets.EnumerateArray();
        }

        return [];
    }

    /// <summary>A terms bucket's <c>key</c> as text (numbers and bools by their JSON text).</summary>
    public static string BucketKey(JsonElement bucket) => bucket.TryGetProperty("key", out var key)
        ? key.ValueKind == JsonValueKind.String ? key.GetString() ?? "" : key.GetRawText()
        : "";

    public static long DocCount(JsonElement bucket) =>
        bucket.TryGetProperty("doc_count", out var count) && count.TryGetInt64(out var n) ? n : 0;

    /// <summary>True when some shards failed (<c>_shards.failed</c> &gt; 0): the answer is partial.</summary>
    public static bool HasShardFailures(JsonElement root) =>
        root.TryGetProperty("_shards", out var shards) && shards.TryGetProperty("failed", out var failed) && failed.TryGetInt32(out var n) && n > 0;

    /// <summary>The <c>_shards.failures</c> reasons, for error messages.</summary>
    public static string ShardFailureText(JsonElement root)
    {
        if (root.TryGetProperty("_shards", out var shards) && shards.TryGetProperty("failures", out var failures) && failures.ValueKind == JsonValueKind.Array)
        {
            return string.Join("; ", failures.EnumerateArray().Take(3).Select(f => f.TryGetProperty("reason", out var r) ? ErrorText.Describe(r) : f.GetRawText()));
        }

        return "shard failures";
    }
}
