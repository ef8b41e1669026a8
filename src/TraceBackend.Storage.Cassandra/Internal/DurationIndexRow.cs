using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>A row of <c>duration_index</c>; key ((service_name, operation_name, bucket), duration, start_time, trace_id).</summary>
internal sealed record DurationIndexRow(string ServiceName, string OperationName, DateTimeOffset Bucket, long Duration, long StartTime, TraceId TraceId);
