using System.Collections.Immutable;

namespace TraceBackend.Model;

/// <summary>
/// The entity that produced spans (OTLP <c>Resource</c>). Immutable and shared by every span of the same
/// resource, so it is held once per batch, not once per span.
/// </summary>
public sealed class Resource
{
    public const string ServiceNameKey = "service.name";

    public static Resource EmptyResource { get; } = new([]);

    public Resource(ImmutableArray<KeyValue> attributes, uint droppedAttributesCount = 0)
    {
        Attributes = attributes.IsDefault ? [] : attributes;
        DroppedAttributesCount = droppedAttributesCount;
        ServiceName = "";
        foreach (var kv in Attributes)
        {
            if (kv.Key == ServiceNameKey && kv.Value.Type == AttributeType.String)
            {
                ServiceName = kv.Value.AsString;
                break;
            }
        }
    }

    /// <summary>All resource attributes, <c>service.name</c> included.</summary>
    public ImmutableArray<KeyValue> Attributes { get; }

    /// <summary>The <c>service.name</c> string attribute, or empty when absent.</summary>
    public string ServiceName { get; }

    public uint DroppedAttributesCount { get; }

    /// <summary>True when both have the same attributes in the same order.</summary>
    public bool ContentEquals(Resource other) =>
        ReferenceEquals(this, other) || Attributes.AsSpan().SequenceEqual(other.Attributes.AsSpan());
}
