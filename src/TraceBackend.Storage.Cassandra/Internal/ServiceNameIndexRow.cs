using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>A row of <c>service_name_index</c>; key ((service_name, bucket), start_time): lossy on equal starts.</summary>
internal sealed record ServiceNameIndexRow(string ServiceName, int Bucket, long StartTime, TraceId TraceId);
