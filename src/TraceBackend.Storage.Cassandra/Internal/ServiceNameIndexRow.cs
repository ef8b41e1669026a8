using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// A row of <c>service_name_index</c>; key ((service_name, bucket), start_time): lossy on equal starts. The span's
/// columns come from <see cref="Span"/>, shared with its other index rows; equality compares the row's columns.
/// </summary>
internal sealed record ServiceNameIndexRow(string ServiceName, int Bucket, SpanColumns Span)
{
    public ServiceNameIndexRow(string serviceName, int bucket, long startTime, TraceId traceId)
        : this(serviceName, bucket, new SpanColumns(traceId, 0, startTime, 0))
    {
    }

    public long StartTime => Span.StartTime;

    public TraceId TraceId => Span.TraceId;

    public bool Equals(ServiceNameIndexRow? other) =>
        other is not null && ServiceName == other.ServiceName && Bucket == other.Bucket && StartTime == other.StartTime && TraceId == other.TraceId;

    public override int GetHashCode() => HashCode.Combine(ServiceName, Bucket, StartTime, TraceId);
}
