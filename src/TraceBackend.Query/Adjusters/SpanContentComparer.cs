using System.Collections.Immutable;
using TraceBackend.Model;

namespace TraceBackend.Query.Adjusters;

/// <summary>Deep, order-sensitive equality of everything a span carries (resource and scope by content).</summary>
internal sealed class SpanContentComparer : IEqualityComparer<Span>
{
    public static SpanContentComparer Instance { get; } = new();

    public bool Equals(Span? x, Span? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null)
        {
            return false;
        }

        return x.Key == y.Key
            && x.TraceId == y.TraceId
            && x.ParentSpanId == y.ParentSpanId
            && x.TraceState == y.TraceState
            && x.Flags == y.Flags
            && x.Status == y.Status
            && x.DroppedAttributesCount == y.DroppedAttributesCount
            && x.DroppedEventsCount == y.DroppedEventsCount
            && x.DroppedLinksCount == y.DroppedLinksCount
            && Same(x.Attributes, y.Attributes)
            && x.Resource.ContentEquals(y.Resource)
            && x.Resource.DroppedAttributesCount == y.Resource.DroppedAttributesCount
            && x.Scope.Name == y.Scope.Name
            && x.Scope.Version == y.Scope.Version
            && Same(x.Scope.Attributes, y.Scope.Attributes)
            && x.Warnings.AsSpan().SequenceEqual(y.Warnings.AsSpan())
            && SameEvents(x.Events, y.Events)
            && SameLinks(x.Links, y.Links);
    }

    public int GetHashCode(Span obj) => HashCode.Combine(obj.Key, obj.TraceId);

    private static bool Same(ImmutableArray<KeyValue> a, ImmutableArray<KeyValue> b) => a.AsSpan().SequenceEqual(b.AsSpan());

    private static bool SameEvents(ImmutableArray<SpanEvent> a, ImmutableArray<SpanEvent> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i].TimeUnixNano != b[i].TimeUnixNano || a[i].Name != b[i].Name
                || a[i].DroppedAttributesCount != b[i].DroppedAttributesCount || !Same(a[i].Attributes, b[i].Attributes))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameLinks(ImmutableArray<SpanLink> a, ImmutableArray<SpanLink> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i].TraceId != b[i].TraceId || a[i].SpanId != b[i].SpanId || a[i].TraceState != b[i].TraceState
                || a[i].Flags != b[i].Flags || a[i].DroppedAttributesCount != b[i].DroppedAttributesCount
                || !Same(a[i].Attributes, b[i].Attributes))
            {
                return false;
            }
        }

        return true;
    }
}
