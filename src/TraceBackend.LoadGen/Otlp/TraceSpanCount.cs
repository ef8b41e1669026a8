namespace TraceBackend.LoadGen.Otlp;

/// <summary>How many spans of trace <see cref="TraceId"/> (32 lower-case hex digits) one request carries.</summary>
public readonly record struct TraceSpanCount(string TraceId, int SpanCount);
