using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// A row of <c>service_operation_index</c>; key ((service_name, operation_name), start_time): lossy on equal starts.
/// The span's columns come from <see cref="Span"/>, shared with its other index rows; equality compares the row's
/// columns.
/// </summary>
internal sealed record ServiceOperationIndexRow(string ServiceName, string OperationName, SpanColumns Span)
{
    public ServiceOperationIndexRow(string serviceName, string operationName, long startTime, TraceId traceId)
        : this(serviceName, operationName, new SpanColumns(traceId, 0, startTime, 0))
    {
    }

    public long StartTime => Span.StartTime;

    public TraceId TraceId => Span.TraceId;

    public bool Equals(ServiceOperationIndexRow? other) =>
        other is not null && ServiceName == other.ServiceName && OperationName == other.OperationName && StartTime == other.StartTime && TraceId == other.TraceId;

    public override int GetHashCode() => HashCode.Combine(ServiceName, OperationName, StartTime, TraceId);
}
