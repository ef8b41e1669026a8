using TraceBackend.Model;

namespace TraceBackend.JaegerModel;

/// <summary>A span reference with IDs already validated by the decoder.</summary>
public readonly record struct JaegerReference(JaegerReferenceType Type, TraceId TraceId, SpanId SpanId);
