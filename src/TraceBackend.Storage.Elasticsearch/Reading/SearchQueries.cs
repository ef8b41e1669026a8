using System.Globalization;
using System.Text.Json;
using TraceBackend.Model;

namespace TraceBackend.Storage.Elasticsearch.Reading;

/// <summary>
/// Bodies of the read requests (reference §4.6), with Jaeger's aggregation names so the shapes match its reader:
/// <c>distinct_services</c>, <c>distinct_operations</c>, <c>traceIDs</c> ordered by the <c>startTime</c> max.
/// </summary>
internal static class SearchQueries
{
    public const string ServicesAggregation = "distinct_services";
    public const string OperationsAggregation = "distinct_operations";
    public const string SpanKindAggregation = "spanKind";
    public const string TraceIdsAggregation = "traceIDs";
    public const string StartTimeAggregation = "startTime";

    /// <summary>Service names: <c>terms</c> on <c>serviceName</c>.</summary>
    public static byte[] Services(int size) => JsonBody.Build(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("size", 0);
        w.WriteStartObject("aggregations");
        w.WriteStartObject(ServicesAggregation);
        Terms(w, "serviceName", size);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>
    /// A service's operations: <c>term serviceName</c>, <c>terms</c> on <c>operationName</c>; with a
    /// <paramref name="kindField"/> a sub-aggregation <c>spanKind</c> = <c>terms</c> on it (documents without a kind —
    /// all of Jaeger's — are the bucket's remainder).
    /// </summary>
    public static byte[] Operations(string serviceName, int size, string? kindField) => JsonBody.Build(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("size", 0);
        w.WriteStartObject("query");
        w.WriteStartObject("term");
        w.WriteString("serviceName", serviceName);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("aggregations");
        w.WriteStartObject(OperationsAggregation);
        Terms(w, "operationName", size);
        if (kindField is not null)
        {
            w.WriteStartObject("aggregations");
            w.WriteStartObject(SpanKindAggregation);
            Terms(w, kindField, 10);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>Dependency snapshots with <c>timestamp</c> in [start, end] (RFC 3339, as Jaeger writes and queries them).</summary>
    public static byte[] Dependencies(DateTimeOffset start, DateTimeOffset end, int size) => JsonBody.Build(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("size", size);
        w.WriteStartObject("query");
        w.WriteStartObject("range");
        w.WriteStartObject("timestamp");
        w.WriteString("gte", Rfc3339(start));
        w.WriteString("lte", Rfc3339(end));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>
    /// One page of the trace IDs with a span starting in [start, end): a <c>composite</c> aggregation on
    /// <c>traceID</c> (pages of <paramref name="size"/> keys, resumed from <paramref name="after"/>), filtered by the
    /// <c>startTimeMillis</c> range (lets the cluster skip shards) and the exact <c>startTime</c> µs range.
    /// </summary>
    public static byte[] ScanTraceIds(long startMicros, long endMicrosExclusive, int size, string? after) => JsonBody.Build(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("size", 0);
        w.WriteStartObject("query");
        w.WriteStartObject("bool");
        w.WriteStartArray("filter");
        Range(w, "startTimeMillis", "gte", FloorDiv(startMicros, 1000), "lte", FloorDiv(endMicrosExclusive, 1000));
        Range(w, "startTime", "gte", startMicros, "lt", endMicrosExclusive);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("aggregations");
        w.WriteStartObject(TraceIdsAggregation);
        w.WriteStartObject("composite");
        w.WriteNumber("size", size);
        w.WriteStartArray("sources");
        w.WriteStartObject();
        w.WriteStartObject("traceID");
        w.WriteStartObject("terms");
        w.WriteString("field", "traceID");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        if (after is not null)
        {
            w.WriteStartObject("after");
            w.WriteString("traceID", after);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    internal static void Terms(Utf8JsonWriter w, string field, int size)
    {
        w.WriteStartObject("terms");
        w.WriteString("field", field);
        w.WriteNumber("size", size);
        w.WriteEndObject();
    }

    internal static void Range(Utf8JsonWriter w, string field, string lowerOp, long? lower, string upperOp, long? upper)
    {
        w.WriteStartObject();
        w.WriteStartObject("range");
        w.WriteStartObject(field);
        if (lower is { } l)
        {
            w.WriteNumber(lowerOp, l);
        }

        if (upper is { } u)
        {
            w.WriteNumber(upperOp, u);
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Go's <c>time.RFC3339Nano</c> in UTC: fraction without trailing zeros, <c>Z</c>.</summary>
    public static string Rfc3339(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + "Z";
    }

    /// <summary>Nanoseconds → µs rounded up (the first µs not before <paramref name="nanos"/>).</summary>
    public static long MicrosCeiling(ulong nanos) => nanos >= ulong.MaxValue - 999 ? (long)(ulong.MaxValue / 1000) : (long)((nanos + 999) / 1000);

    public static long MicrosFloor(ulong nanos) => (long)(nanos / 1000);

    public static long FloorDiv(long value, long divisor) => value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);

    public static long MicrosCeiling(DateTimeOffset time) => MicrosCeiling(UnixTime.ToNanos(time));

    public static long MicrosFloor(DateTimeOffset time) => MicrosFloor(UnixTime.ToNanos(time));

    /// <summary>The <c>traceID</c> strings a trace may be stored under (see <see cref="TraceByIdQuery.Build"/>).</summary>
    public static IReadOnlyList<string> TraceIdForms(TraceId traceId)
    {
        var forms = new List<string>(3) { traceId.ToHex32() };
        if (traceId.High == 0)
        {
            forms.Add(HexFormat.ToHex16(traceId.Low));
        }

        var trimmed = traceId.ToHex32().TrimStart('0');
        if (trimmed.Length > 0 && !forms.Contains(trimmed))
        {
            forms.Add(trimmed);
        }

        return forms;
    }
}
