using TraceBackend.Model;

namespace TraceBackend.JaegerModel;

/// <summary>A Jaeger log: its time (Unix ns, 0 when not given) and its fields in wire order. Fields are not copied.</summary>
public readonly record struct JaegerLog(ulong TimeUnixNano, IReadOnlyList<KeyValue> Fields);
