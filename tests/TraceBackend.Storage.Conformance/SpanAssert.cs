using System.Collections.Immutable;
using TraceBackend.Model;

namespace TraceBackend.Storage.Conformance;

/// <summary>
/// Field-by-field span comparison. Attribute lists compare as sets of typed key/values (order is not part of
/// the contract); events and links compare in order.
/// </summary>
public static class SpanAssert
{
    /// <summary>Same spans (matched by <see cref="Span.Key"/>, no duplicates), each with every field equal.</summary>
    public static void Equivalent(IEnumerable<Span> expected, IEnumerable<Span> actual)
    {
        var expectedByKey = expected.ToDictionary(s => s.Key);
        var actualList = actual.ToList();
        var actualByKey = new Dictionary<SpanKey, Span>();
        foreach (var span in actualList)
        {
            Assert.True(actualByKey.TryAdd(span.Key, span), $"span {span.SpanId} '{span.Name}' returned twice");
        }

        Assert.Equal(
            expectedByKey.Keys.Select(Describe).Order(StringComparer.Ordinal),
            actualByKey.Keys.Select(Describe).Order(StringComparer.Ordinal));
        foreach (var (key, span) in expectedByKey)
        {
            Equal(span, actualByKey[key]);
        }
    }

    public static void Equal(Span expected, Span actual)
    {
        var at = $"span {expected.SpanId} '{expected.Name}'";
        Assert.True(expected.TraceId == actual.TraceId, $"{at}: trace ID {actual.TraceId} != {expected.TraceId}");
        Assert.True(expected.SpanId == actual.SpanId, $"{at}: span ID {actual.SpanId}");
        Assert.True(expected.ParentSpanId == actual.ParentSpanId, $"{at}: parent {actual.ParentSpanId} != {expected.ParentSpanId}");
        Assert.Equal(expected.TraceState, actual.TraceState);
        Assert.Equal(expected.Flags, actual.Flags);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.StartTimeUnixNano, actual.StartTimeUnixNano);
        Assert.Equal(expected.EndTimeUnixNano, actual.EndTimeUnixNano);
        AttributesEqual(expected.Attributes, actual.Attributes, $"{at} attributes");
        Assert.Equal(expected.DroppedAttributesCount, actual.DroppedAttributesCount);
        Assert.Equal(expected.DroppedEventsCount, actual.DroppedEventsCount);
        Assert.Equal(expected.DroppedLinksCount, actual.DroppedLinksCount);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Warnings, actual.Warnings);

        Assert.Equal(expected.Events.Length, actual.Events.Length);
        for (var i = 0; i < expected.Events.Length; i++)
        {
            var (e, a) = (expected.Events[i], actual.Events[i]);
            Assert.Equal(e.Name, a.Name);
            Assert.Equal(e.TimeUnixNano, a.TimeUnixNano);
            Assert.Equal(e.DroppedAttributesCount, a.DroppedAttributesCount);
            AttributesEqual(e.Attributes, a.Attributes, $"{at} event '{e.Name}' attributes");
        }

        Assert.Equal(expected.Links.Length, actual.Links.Length);
        for (var i = 0; i < expected.Links.Length; i++)
        {
            var (e, a) = (expected.Links[i], actual.Links[i]);
            Assert.True(e.TraceId == a.TraceId && e.SpanId == a.SpanId, $"{at} link {i}: {a.TraceId}/{a.SpanId}");
            Assert.Equal(e.TraceState, a.TraceState);
            Assert.Equal(e.Flags, a.Flags);
            Assert.Equal(e.DroppedAttributesCount, a.DroppedAttributesCount);
            AttributesEqual(e.Attributes, a.Attributes, $"{at} link {i} attributes");
        }

        AttributesEqual(expected.Resource.Attributes, actual.Resource.Attributes, $"{at} resource");
        Assert.Equal(expected.Resource.DroppedAttributesCount, actual.Resource.DroppedAttributesCount);
        Assert.Equal(expected.ServiceName, actual.ServiceName);
        Assert.Equal(expected.Scope.Name, actual.Scope.Name);
        Assert.Equal(expected.Scope.Version, actual.Scope.Version);
        Assert.Equal(expected.Scope.DroppedAttributesCount, actual.Scope.DroppedAttributesCount);
        AttributesEqual(expected.Scope.Attributes, actual.Scope.Attributes, $"{at} scope");
    }

    /// <summary>Same typed key/values, in any order.</summary>
    public static void AttributesEqual(ImmutableArray<KeyValue> expected, ImmutableArray<KeyValue> actual, string what)
    {
        var e = expected.Select(Render).Order(StringComparer.Ordinal).ToList();
        var a = actual.Select(Render).Order(StringComparer.Ordinal).ToList();
        Assert.True(e.SequenceEqual(a), $"{what} differ.\nexpected: {string.Join(", ", e)}\nactual:   {string.Join(", ", a)}");
    }

    private static string Render(KeyValue kv) => Render(kv.Key, kv.Value);

    private static string Render(string key, AttributeValue value) => $"{key}:{RenderValue(value)}";

    /// <summary>A rendering that keeps the type of every (nested) value, so Int(1) and Double(1) differ.</summary>
    private static string RenderValue(AttributeValue value) => value.Type switch
    {
        AttributeType.Array => "[" + string.Join(",", value.AsArray.Select(RenderValue)) + "]",
        AttributeType.KvList => "{" + string.Join(",", value.AsKvList.Select(Render)) + "}",
        _ => $"{value.Type}({value})",
    };

    private static string Describe(SpanKey key) => $"{key.SpanId}/{key.Kind}/{key.ServiceName}/{key.Name}/{key.StartTimeUnixNano}";
}
