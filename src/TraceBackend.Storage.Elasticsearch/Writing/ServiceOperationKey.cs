namespace TraceBackend.Storage.Elasticsearch.Writing;

/// <summary>A service document: the index it goes to and its content (<paramref name="SpanKind"/> is Jaeger's lower-case name, "" when unspecified).</summary>
internal readonly record struct ServiceOperationKey(string Index, string ServiceName, string OperationName, string SpanKind);
