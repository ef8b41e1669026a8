using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>A row of <c>service_operation_index</c>; key ((service_name, operation_name), start_time): lossy on equal starts.</summary>
internal sealed record ServiceOperationIndexRow(string ServiceName, string OperationName, long StartTime, TraceId TraceId);
