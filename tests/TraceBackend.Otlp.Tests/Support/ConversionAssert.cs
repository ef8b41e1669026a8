using System.Collections.Immutable;
using TraceBackend.Model;

namespace TraceBackend.Otlp.Tests.Support;

/// <summary>Field-by-field equality of two conversion results, including Resource/Scope sharing and key interning.</summary>
internal static class ConversionAssert
{
    public static void Equal(OtlpConversionResult expected, OtlpConversionResult actual)
    {
        Assert.Equal(expected.RejectedSpans, actual.RejectedSpans);
        Assert.Equal(expected.ErrorMessage, actual.ErrorMessage);
        foreach (var reason in Enum.GetValues<RejectReason>())
        {
            Assert.Equal(expected.RejectedFor(reason), actual.RejectedFor(reason));
        }

        Equal(expected.Spans, actual.Spans);
    }

    /// <summary>
    /// Field-by-field equality of two span lists. With <paramref name="sameInstances"/> (the default) keys must also
    /// be the very same interned strings and spans must share Resource/Scope objects in the same pattern; without
    /// it (spans decoded by another decoder, e.g. after a restart) only contents are compared.
    /// </summary>
    public static void Equal(IReadOnlyList<Span> expected, IReadOnlyList<Span> actual, bool sameInstances = true)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            SpanEqual(expected[i], actual[i], i, sameInstances);
        }

        if (sameInstances)
        {
            // Spans share Resource and Scope objects in the same pattern.
            Assert.Equal(SharingPattern(expected, static s => s.Resource), SharingPattern(actual, static s => s.Resource));
            Assert.Equal(SharingPattern(expected, static s => s.Scope), SharingPattern(actual, static s => s.Scope));
        }
    }

    private static void SpanEqual(Span e, Span a, int index, bool sameInstances)
    {
        var at = $"span {index}";
        Assert.True(e.TraceId == a.TraceId, at + " trace ID");
        Assert.True(e.SpanId == a.SpanId, at + " span ID");
        Assert.True(e.ParentSpanId == a.ParentSpanId, at + " parent ID");
        Assert.Equal(e.TraceState, a.TraceState);
        Assert.Equal(e.Flags, a.Flags);
        Assert.Equal(e.Name, a.Name);
        Assert.Equal(e.Kind, a.Kind);
        Assert.Equal(e.StartTimeUnixNano, a.StartTimeUnixNano);
        Assert.Equal(e.EndTimeUnixNano, a.EndTimeUnixNano);
        AttributesEqual(e.Attributes, a.Attributes, sameInstances);
        Assert.Equal(e.DroppedAttributesCount, a.DroppedAttributesCount);
        Assert.Equal(e.Events.Length, a.Events.Length);
        for (var i = 0; i < e.Events.Length; i++)
        {
            Assert.Equal(e.Events[i].TimeUnixNano, a.Events[i].TimeUnixNano);
            Assert.Equal(e.Events[i].Name, a.Events[i].Name);
            AttributesEqual(e.Events[i].Attributes, a.Events[i].Attributes, sameInstances);
            Assert.Equal(e.Events[i].DroppedAttributesCount, a.Events[i].DroppedAttributesCount);
        }

        Assert.Equal(e.DroppedEventsCount, a.DroppedEventsCount);
        Assert.Equal(e.Links.Length, a.Links.Length);
        for (var i = 0; i < e.Links.Length; i++)
        {
            Assert.True(e.Links[i].TraceId == a.Links[i].TraceId, at + " link trace ID");
            Assert.True(e.Links[i].SpanId == a.Links[i].SpanId, at + " link span ID");
            Assert.Equal(e.Links[i].TraceState, a.Links[i].TraceState);
            Assert.Equal(e.Links[i].Flags, a.Links[i].Flags);
            AttributesEqual(e.Links[i].Attributes, a.Links[i].Attributes, sameInstances);
            Assert.Equal(e.Links[i].DroppedAttributesCount, a.Links[i].DroppedAttributesCount);
        }

        Assert.Equal(e.DroppedLinksCount, a.DroppedLinksCount);
        Assert.Equal(e.Status, a.Status);
        AttributesEqual(e.Resource.Attributes, a.Resource.Attributes, sameInstances);
        Assert.Equal(e.Resource.DroppedAttributesCount, a.Resource.DroppedAttributesCount);
        Assert.Equal(e.Resource.ServiceName, a.Resource.ServiceName);
        Assert.Equal(e.Scope.Name, a.Scope.Name);
        Assert.Equal(e.Scope.Version, a.Scope.Version);
        AttributesEqual(e.Scope.Attributes, a.Scope.Attributes, sameInstances);
        Assert.Equal(e.Scope.DroppedAttributesCount, a.Scope.DroppedAttributesCount);
        Assert.Equal(ReferenceEquals(e.Scope, InstrumentationScope.EmptyScope), ReferenceEquals(a.Scope, InstrumentationScope.EmptyScope));
        Assert.Equal(e.Warnings.AsSpan().ToArray(), a.Warnings.AsSpan().ToArray());
    }

    /// <summary>Same keys (interned: the very same string objects), types and values, in order, at any depth.</summary>
    public static void AttributesEqual(ImmutableArray<KeyValue> e, ImmutableArray<KeyValue> a, bool sameInstances = true)
    {
        Assert.False(a.IsDefault);
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
        {
            Assert.Equal(e[i].Key, a[i].Key);
            if (sameInstances && e[i].Key.Length <= KeyInterner.MaxKeyLength)
            {
                Assert.Same(e[i].Key, a[i].Key);
            }

            ValueEqual(e[i].Value, a[i].Value, sameInstances);
        }
    }

    private static void ValueEqual(AttributeValue e, AttributeValue a, bool sameInstances)
    {
        Assert.Equal(e.Type, a.Type);
        switch (e.Type)
        {
            case AttributeType.Array:
                Assert.Equal(e.AsArray.Length, a.AsArray.Length);
                for (var i = 0; i < e.AsArray.Length; i++)
                {
                    ValueEqual(e.AsArray[i], a.AsArray[i], sameInstances);
                }

                break;
            case AttributeType.KvList:
                AttributesEqual(e.AsKvList, a.AsKvList, sameInstances);
                break;
            default:
                Assert.Equal(e, a);
                break;
        }
    }

    /// <summary>For each span, the index of the first span sharing its object.</summary>
    private static int[] SharingPattern(IReadOnlyList<Span> spans, Func<Span, object> select)
    {
        var first = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        var pattern = new int[spans.Count];
        for (var i = 0; i < spans.Count; i++)
        {
            var o = select(spans[i]);
            if (!first.TryGetValue(o, out var at))
            {
                first[o] = at = i;
            }

            pattern[i] = at;
        }

        return pattern;
    }
}
