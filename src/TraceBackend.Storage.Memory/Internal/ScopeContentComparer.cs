using TraceBackend.Model;

namespace TraceBackend.Storage.Memory.Internal;

/// <summary>Scopes are equal when name, version, attributes (in order) and dropped count are equal.</summary>
internal sealed class ScopeContentComparer : IEqualityComparer<InstrumentationScope>
{
    public static ScopeContentComparer Instance { get; } = new();

    public bool Equals(InstrumentationScope? x, InstrumentationScope? y) =>
        ReferenceEquals(x, y)
        || (x is not null && y is not null
            && x.Name == y.Name
            && x.Version == y.Version
            && x.DroppedAttributesCount == y.DroppedAttributesCount
            && x.Attributes.AsSpan().SequenceEqual(y.Attributes.AsSpan()));

    public int GetHashCode(InstrumentationScope obj) =>
        HashCode.Combine(obj.Name, obj.Version, AttributeHash.Of(obj.Attributes), obj.DroppedAttributesCount);
}
