using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>A row of <c>tag_index</c>; key ((service_name, tag_key, tag_value), start_time, trace_id, span_id).</summary>
internal sealed record TagIndexRow(string ServiceName, string TagKey, string TagValue, long StartTime, TraceId TraceId, long SpanId);
