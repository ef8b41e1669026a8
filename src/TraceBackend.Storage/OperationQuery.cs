using TraceBackend.Model;

namespace TraceBackend.Storage;

/// <summary>Which operations to list: those of a service, optionally of one span kind.</summary>
public sealed record OperationQuery(string ServiceName, SpanKind? Kind = null);
