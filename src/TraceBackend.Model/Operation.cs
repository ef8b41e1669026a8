namespace TraceBackend.Model;

/// <summary>A span name seen for a service, with the kind of span it was seen on.</summary>
public sealed record Operation(string Name, SpanKind Kind);
