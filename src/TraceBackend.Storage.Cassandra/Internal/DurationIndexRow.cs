using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// A row of <c>duration_index</c>; key ((service_name, operation_name, bucket), duration, start_time, trace_id). The
/// span's columns come from <see cref="Span"/>, shared with its other index rows; equality compares the row's columns.
/// </summary>
internal sealed record DurationIndexRow(string ServiceName, string OperationName, DateTimeOffset Bucket, SpanColumns Span)
{
    public DurationIndexRow(string serviceName, string operationName, DateTimeOffset bucket, long duration, long startTime, TraceId traceId)
        : this(serviceName, operationName, bucket, new SpanColumns(traceId, 0, startTime, duration))
    {
    }

    public long Duration => Span.Duration;

    public long StartTime => Span.StartTime;

    public TraceId TraceId => Span.TraceId;

    public bool Equals(DurationIndexRow? other) =>
        other is not null && ServiceName == other.ServiceName && OperationName == other.OperationName && Bucket == other.Bucket
        && Duration == other.Duration && StartTime == other.StartTime && TraceId == other.TraceId;

    public override int GetHashCode() => HashCode.Combine(ServiceName, OperationName, Bucket, Duration, StartTime, TraceId);
}
