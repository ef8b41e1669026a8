using System.Collections.Immutable;

namespace TraceBackend.Model;

/// <summary>A link from a span to another span (a Jaeger reference other than the parent).</summary>
public sealed record SpanLink
{
    public TraceId TraceId { get; init; }

    public SpanId SpanId { get; init; }

    public string TraceState { get; init; } = "";

    public ImmutableArray<KeyValue> Attributes { get; init; } = [];

    public uint DroppedAttributesCount { get; init; }

    public uint Flags { get; init; }
}
