using System.Collections.Immutable;

namespace TraceBackend.Model;

/// <summary>The instrumentation library that produced spans. Immutable; shared between spans.</summary>
public sealed class InstrumentationScope
{
    public static InstrumentationScope EmptyScope { get; } = new("", "");

    public InstrumentationScope(string name, string version, ImmutableArray<KeyValue> attributes = default, uint droppedAttributesCount = 0)
    {
        Name = name ?? "";
        Version = version ?? "";
        Attributes = attributes.IsDefault ? [] : attributes;
        DroppedAttributesCount = droppedAttributesCount;
    }

    public string Name { get; }

    public string Version { get; }

    public ImmutableArray<KeyValue> Attributes { get; }

    public uint DroppedAttributesCount { get; }
}
