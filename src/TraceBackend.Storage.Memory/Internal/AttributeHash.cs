using System.Collections.Immutable;
using TraceBackend.Model;

namespace TraceBackend.Storage.Memory.Internal;

/// <summary>Order-sensitive content hash of an attribute list, consistent with <see cref="KeyValue"/> equality.</summary>
internal static class AttributeHash
{
    public static int Of(ImmutableArray<KeyValue> attributes)
    {
        var hash = new HashCode();
        foreach (var kv in attributes)
        {
            hash.Add(kv.Key, StringComparer.Ordinal);
            hash.Add(kv.Value);
        }

        return hash.ToHashCode();
    }
}
