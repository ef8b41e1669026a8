namespace TraceBackend.Storage.Elasticsearch.Tests.Support;

/// <summary>Span documents as Jaeger stores them, for canned search answers.</summary>
public static class SpanDocs
{
    public static string Doc(string traceId, string spanId, long startMicros, string service = "frontend", string operation = "GET /api",
        string tags = "[]", string? parentSpanId = null) =>
        "{\"traceID\":\"" + traceId + "\",\"spanID\":\"" + spanId + "\","
        + (parentSpanId is null ? "" : "\"parentSpanID\":\"" + parentSpanId + "\",")
        + "\"operationName\":\"" + operation + "\",\"references\":[],\"startTime\":" + startMicros + ",\"startTimeMillis\":" + (startMicros / 1000)
        + ",\"duration\":1500,\"tags\":" + tags + ",\"logs\":[],\"process\":{\"serviceName\":\"" + service + "\",\"tags\":[]}}";
}
