namespace TraceBackend.JaegerModel;

/// <summary>
/// Tag, attribute and value names of the Jaeger ↔ OTLP mapping (opentelemetry-collector-contrib
/// <c>pkg/translator/jaeger</c>, <c>tracetranslator</c>, semconv v1.16).
/// </summary>
internal static class JaegerTagNames
{
    public const string SpanKind = "span.kind";
    public const string Error = "error";
    public const string OtelStatusCode = "otel.status_code";
    public const string OtelStatusDescription = "otel.status_description";
    public const string HttpStatusCode = "http.status_code";
    public const string HttpStatusMessage = "http.status_message";
    public const string W3CTraceState = "w3c.tracestate";
    public const string OtelScopeName = "otel.scope.name";
    public const string OtelScopeVersion = "otel.scope.version";
    public const string EventName = "event";
    public const string RefType = "opentracing.ref_type";
    public const string RefTypeChildOf = "child_of";
    public const string RefTypeFollowsFrom = "follows_from";
    public const string StatusOk = "OK";
    public const string StatusError = "ERROR";

    /// <summary>A process with this service name carries no resource attributes at all.</summary>
    public const string ResourceNoServiceName = "OTLPResourceNoServiceName";
    public const string Hostname = "hostname";
    public const string HostName = "host.name";
    public const string JaegerVersion = "jaeger.version";
    public const string ExporterVersion = "opencensus.exporterversion";
    public const string ExporterVersionPrefix = "Jaeger-";
}
