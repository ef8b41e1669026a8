namespace TraceBackend.Model;

/// <summary>What makes two spans of one trace "the same span" for idempotent writes.</summary>
public readonly record struct SpanKey(SpanId SpanId, SpanKind Kind, ulong StartTimeUnixNano, ulong EndTimeUnixNano, string ServiceName, string Name);
