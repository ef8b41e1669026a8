using TraceBackend.Model;
using System.Text.Json;
using TraceBackend.Storage.Elasticsearch.Documents;

namespace TraceBackend.Storage.Elasticsearch.Reading;

/// <summary>
/// The trace search (reference §4.6, Jaeger's <c>FindTraceIDs</c>): <c>size: 0</c>, <c>bool.must</c> of
/// <list type="bullet">
/// <item><c>range startTimeMillis</c> gte/lte the window in ms (shard skipping), and — beyond Jaeger — the exact
/// <c>range startTime</c> in µs, so the window bounds are inclusive to the microsecond;</item>
/// <item><c>match process.serviceName</c>, <c>match operationName</c> when given;</item>
/// <item><c>range duration</c> with gte and/or lte in µs for the bounds given (Jaeger adds lte 24 h when only a minimum
/// is given, hiding longer spans; a missing bound here means no bound);</item>
/// <item>per tag a <c>bool.should</c> of five alternatives: <c>regexp</c> on <c>tag.&lt;key'&gt;</c> and
/// <c>process.tag.&lt;key'&gt;</c> (key' = key with dots replaced), and <c>nested</c> on <c>tags</c>,
/// <c>process.tags</c>, <c>logs.fields</c> with <c>match key</c> and <c>regexp value</c>. Values are escaped
/// (<see cref="LuceneRegex"/>), so they match exactly rather than as Jaeger's regular expressions.</item>
/// </list>
/// and the <c>traceIDs</c> aggregation: <c>terms</c> on <c>traceID</c>, ordered by the sub-aggregation
/// <c>startTime</c> = <c>max</c> of <c>startTime</c>, descending (newest matching span first).
/// </summary>
internal static class FindTraceIdsQuery
{
    /// <summary>
    /// Tag keys Jaeger's UI offers under two names: the scope of a span is stored under the newer name, so a search
    /// by the older one looks for both (as <see cref="SpanMatcher"/> does).
    /// </summary>
    private static readonly Dictionary<string, string> s_synonyms = new(StringComparer.Ordinal)
    {
        ["otel.library.name"] = "otel.scope.name",
        ["otel.library.version"] = "otel.scope.version",
    };

    private static readonly string[] s_objectFields = ["tag.", "process.tag."];

    private static readonly string[] s_nestedPaths = ["tags", "process.tags", "logs.fields"];

    public static byte[] Build(TraceQuery query, TagFieldPolicy policy, int size) => JsonBody.Build(w =>
    {
        var startMin = SearchQueries.MicrosCeiling(query.StartTimeMin);
        var startMax = SearchQueries.MicrosFloor(query.StartTimeMax);
        w.WriteStartObject();
        w.WriteNumber("size", 0);
        w.WriteStartObject("query");
        w.WriteStartObject("bool");
        w.WriteStartArray("must");
        SearchQueries.Range(w, "startTimeMillis", "gte", SearchQueries.FloorDiv(startMin, 1000), "lte", SearchQueries.FloorDiv(startMax, 1000));
        SearchQueries.Range(w, "startTime", "gte", startMin, "lte", startMax);
        if (!string.IsNullOrEmpty(query.ServiceName))
        {
            Match(w, "process.serviceName", query.ServiceName);
        }

        if (!string.IsNullOrEmpty(query.OperationName))
        {
            Match(w, "operationName", query.OperationName);
        }

        if (query.DurationMin is not null || query.DurationMax is not null)
        {
            long? min = query.DurationMin is { } dmin ? SearchQueries.MicrosCeiling(UnixTime.ToNanos(dmin)) : null;
            long? max = query.DurationMax is { } dmax ? SearchQueries.MicrosFloor(UnixTime.ToNanos(dmax)) : null;
            SearchQueries.Range(w, "duration", "gte", min, "lte", max);
        }

        foreach (var (key, value) in query.Attributes)
        {
            w.WriteStartObject();
            w.WriteStartObject("bool");
            w.WriteStartArray("should");
            var pattern = LuceneRegex.Escape(value);
            WriteAlternatives(w, key, pattern, policy);
            if (s_synonyms.TryGetValue(key, out var synonym))
            {
                WriteAlternatives(w, synonym, pattern, policy);
            }

            if (key == Resource.ServiceNameKey)
            {
                // The resource's service.name is no process tag (it is process.serviceName), but SpanMatcher matches it.
                w.WriteStartObject();
                w.WriteStartObject("term");
                w.WriteString("process.serviceName", value);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("aggregations");
        w.WriteStartObject(SearchQueries.TraceIdsAggregation);
        w.WriteStartObject("terms");
        w.WriteString("field", "traceID");
        w.WriteNumber("size", size);
        w.WriteStartArray("order");
        w.WriteStartObject();
        w.WriteString(SearchQueries.StartTimeAggregation, "desc");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("aggregations");
        w.WriteStartObject(SearchQueries.StartTimeAggregation);
        w.WriteStartObject("max");
        w.WriteString("field", "startTime");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static void WriteAlternatives(Utf8JsonWriter w, string key, string pattern, TagFieldPolicy policy)
    {
        var field = policy.ToFieldName(key);
        foreach (var objectField in s_objectFields)
        {
            w.WriteStartObject();
            w.WriteStartObject("bool");
            w.WriteStartObject("must");
            Regexp(w, objectField + field, pattern);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        foreach (var path in s_nestedPaths)
        {
            w.WriteStartObject();
            w.WriteStartObject("nested");
            w.WriteString("path", path);
            w.WriteStartObject("query");
            w.WriteStartObject("bool");
            w.WriteStartArray("must");
            Match(w, path + ".key", key);
            w.WriteStartObject();
            Regexp(w, path + ".value", pattern);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }

    /// <summary>An array element <c>{"match": {field: {"query": value}}}</c>.</summary>
    private static void Match(Utf8JsonWriter w, string field, string value)
    {
        w.WriteStartObject();
        w.WriteStartObject("match");
        w.WriteStartObject(field);
        w.WriteString("query", value);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The property <c>"regexp": {field: {"value": pattern}}</c> inside an open object.</summary>
    private static void Regexp(Utf8JsonWriter w, string field, string pattern)
    {
        w.WriteStartObject("regexp");
        w.WriteStartObject(field);
        w.WriteString("value", pattern);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
