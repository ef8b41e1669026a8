using TraceBackend.Model;

namespace TraceBackend.Storage.Memory.Internal;

/// <summary>Resources are equal when their attributes (in order) and dropped count are equal.</summary>
internal sealed class ResourceContentComparer : IEqualityComparer<Resource>
{
    public static ResourceContentComparer Instance { get; } = new();

    public bool Equals(Resource? x, Resource? y) =>
        ReferenceEquals(x, y)
        || (x is not null && y is not null && x.DroppedAttributesCount == y.DroppedAttributesCount && x.ContentEquals(y));

    public int GetHashCode(Resource obj) => HashCode.Combine(AttributeHash.Of(obj.Attributes), obj.DroppedAttributesCount);
}
