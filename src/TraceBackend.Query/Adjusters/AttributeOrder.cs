using System.Collections.Immutable;
using TraceBackend.Model;

namespace TraceBackend.Query.Adjusters;

/// <summary>Stable ordinal ordering of attribute lists by key.</summary>
internal static class AttributeOrder
{
    /// <summary>Returns the same instance when the list is already sorted.</summary>
    public static ImmutableArray<KeyValue> Sort(ImmutableArray<KeyValue> attributes)
    {
        if (attributes.IsDefaultOrEmpty)
        {
            return attributes.IsDefault ? [] : attributes;
        }

        var sorted = true;
        for (var i = 1; i < attributes.Length && sorted; i++)
        {
            sorted = string.CompareOrdinal(attributes[i - 1].Key, attributes[i].Key) <= 0;
        }

        if (sorted)
        {
            return attributes;
        }

        // OrderBy is stable: equal keys keep their relative order.
        return [.. attributes.OrderBy(static kv => kv.Key, StringComparer.Ordinal)];
    }
}
