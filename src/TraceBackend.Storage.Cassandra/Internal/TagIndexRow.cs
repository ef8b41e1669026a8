using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// A row of <c>tag_index</c>; key ((service_name, tag_key, tag_value), start_time, trace_id, span_id). The span's
/// columns come from <see cref="Span"/>, shared with its other index rows; equality compares the row's columns.
/// </summary>
internal sealed record TagIndexRow(string ServiceName, string TagKey, string TagValue, SpanColumns Span)
{
    public TagIndexRow(string serviceName, string tagKey, string tagValue, long startTime, TraceId traceId, long spanId)
        : this(serviceName, tagKey, tagValue, new SpanColumns(traceId, spanId, startTime, 0))
    {
    }

    public long StartTime => Span.StartTime;

    public TraceId TraceId => Span.TraceId;

    public long SpanId => Span.SpanId;

    public bool Equals(TagIndexRow? other) =>
        other is not null && ServiceName == other.ServiceName && TagKey == other.TagKey && TagValue == other.TagValue
        && StartTime == other.StartTime && TraceId == other.TraceId && SpanId == other.SpanId;

    public override int GetHashCode() => HashCode.Combine(ServiceName, TagKey, TagValue, StartTime, TraceId, SpanId);
}
