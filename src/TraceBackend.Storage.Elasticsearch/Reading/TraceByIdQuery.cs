using System.Text.Json;
using TraceBackend.Model;

namespace TraceBackend.Storage.Elasticsearch.Reading;

/// <summary>
/// One <c>_msearch</c> sub-request loading (a page of) a trace, as Jaeger's <c>multiRead</c>: header
/// <c>{"index": [...], "ignore_unavailable": true}</c>, body <c>bool.must[trace ID query]</c>, <c>size</c> = max doc
/// count, <c>sort</c> <c>startTime</c> ascending (then <c>spanID</c>, so spans starting in the same µs are not skipped
/// between pages, which Jaeger's single sort key allows), <c>search_after</c> the last hit's sort values,
/// <c>track_total_hits</c>. The trace ID query is a <c>term</c> on the 32-hex form, or a <c>bool.should</c> of it
/// (boost 2, as Jaeger) with the other forms older writers used: 16 hex when the high half is zero, and the form with
/// leading zeros trimmed (before Jaeger 1.16).
/// </summary>
internal static class TraceByIdQuery
{
    public static void WriteHeader(Utf8JsonWriter w, IReadOnlyList<string> indices)
    {
        w.WriteStartObject();
        w.WriteStartArray("index");
        foreach (var index in indices)
        {
            w.WriteStringValue(index);
        }

        w.WriteEndArray();
        w.WriteBoolean("ignore_unavailable", true);
        w.WriteEndObject();
    }

    public static void Build(Utf8JsonWriter w, TraceId traceId, int size, (long StartTime, string SpanId)? searchAfter)
    {
        w.WriteStartObject();
        w.WriteStartObject("query");
        w.WriteStartObject("bool");
        w.WriteStartArray("must");
        var forms = SearchQueries.TraceIdForms(traceId);
        if (forms.Count == 1)
        {
            Term(w, forms[0], boost: null);
        }
        else
        {
            w.WriteStartObject();
            w.WriteStartObject("bool");
            w.WriteStartArray("should");
            for (var i = 0; i < forms.Count; i++)
            {
                Term(w, forms[i], boost: i == 0 ? 2 : null);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteNumber("size", size);
        w.WriteStartArray("sort");
        Sort(w, "startTime");
        Sort(w, "spanID");
        w.WriteEndArray();
        if (searchAfter is { } after)
        {
            w.WriteStartArray("search_after");
            w.WriteNumberValue(after.StartTime);
            w.WriteStringValue(after.SpanId);
            w.WriteEndArray();
        }

        w.WriteBoolean("track_total_hits", true);
        w.WriteEndObject();
    }

    private static void Term(Utf8JsonWriter w, string value, int? boost)
    {
        w.WriteStartObject();
        w.WriteStartObject("term");
        if (boost is { } b)
        {
            w.WriteStartObject("traceID");
            w.WriteString("value", value);
            w.WriteNumber("boost", b);
            w.WriteEndObject();
        }
        else
        {
            w.WriteString("traceID", value);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Sort(Utf8JsonWriter w, string field)
    {
        w.WriteStartObject();
        w.WriteStartObject(field);
        w.WriteString("order", "asc");
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
