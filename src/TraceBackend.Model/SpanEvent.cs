using System.Collections.Immutable;

namespace TraceBackend.Model;

/// <summary>A timed event of a span (a Jaeger log).</summary>
public sealed record SpanEvent
{
    public ulong TimeUnixNano { get; init; }

    public string Name { get; init; } = "";

    public ImmutableArray<KeyValue> Attributes { get; init; } = [];

    public uint DroppedAttributesCount { get; init; }
}
