namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>A row of <c>operation_names_v2</c>: <c>span_kind</c> is the span's <c>span.kind</c> tag value or "".</summary>
internal sealed record OperationNameRow(string ServiceName, string SpanKind, string OperationName);
