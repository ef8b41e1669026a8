namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// One <c>span_ref</c> UDT value. <see cref="RefType"/> is <c>child-of</c> or <c>follows-from</c> in rows Jaeger and
/// this store write; <see cref="TraceId"/> is the 16-byte blob (kept as read, so malformed rows can be reported).
/// </summary>
internal sealed record DbSpanRef(string RefType, byte[] TraceId, long SpanId);
