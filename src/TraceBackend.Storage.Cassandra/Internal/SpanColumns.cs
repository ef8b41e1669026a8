using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// The columns a span's index rows repeat from the span (trace ID, span ID, start time, duration), with their bound
/// values created once: the trace ID blob and the boxed longs. All index rows of one span share one instance, so
/// binding a span's ~30 index rows does not allocate the same blob and boxes ~30 times. A row that does not have a
/// column ignores it (its equality does not compare it). Immutable; the session only reads bound values.
/// </summary>
internal sealed class SpanColumns
{
    public SpanColumns(TraceId traceId, long spanId, long startTime, long duration)
    {
        TraceId = traceId;
        SpanId = spanId;
        StartTime = startTime;
        Duration = duration;
        TraceIdValue = traceId.ToBytes();
        SpanIdValue = BoundValues.Long(spanId);
        StartTimeValue = BoundValues.Long(startTime);
        DurationValue = BoundValues.Long(duration);
    }

    public TraceId TraceId { get; }

    public long SpanId { get; }

    /// <summary>µs since the epoch.</summary>
    public long StartTime { get; }

    /// <summary>µs.</summary>
    public long Duration { get; }

    /// <summary>The <c>trace_id</c> blob (16 bytes, high ‖ low).</summary>
    public byte[] TraceIdValue { get; }

    public object SpanIdValue { get; }

    public object StartTimeValue { get; }

    public object DurationValue { get; }

    public override string ToString() => $"{TraceId}/{SpanId:x16} start {StartTime} duration {Duration}";
}
