using TraceBackend.Model;

namespace TraceBackend.Collector.Tests.Zipkin;

/// <summary>Field-by-field equality of model spans (records holding ImmutableArrays do not compare contents).</summary>
internal static class ZipkinAssert
{
    public static void SpanEqual(Span expected, Span actual)
    {
        Assert.Equal(expected.TraceId, actual.TraceId);
        Assert.Equal(expected.SpanId, actual.SpanId);
        Assert.Equal(expected.ParentSpanId, actual.ParentSpanId);
        Assert.Equal(expected.TraceState, actual.TraceState);
        Assert.Equal(expected.Flags, actual.Flags);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.StartTimeUnixNano, actual.StartTimeUnixNano);
        Assert.Equal(expected.EndTimeUnixNano, actual.EndTimeUnixNano);
        Assert.Equal(expected.Attributes.ToArray(), actual.Attributes.ToArray());
        Assert.Equal(expected.Events.Length, actual.Events.Length);
        for (var i = 0; i < expected.Events.Length; i++)
        {
            Assert.Equal(expected.Events[i].TimeUnixNano, actual.Events[i].TimeUnixNano);
            Assert.Equal(expected.Events[i].Name, actual.Events[i].Name);
            Assert.Equal(expected.Events[i].Attributes.ToArray(), actual.Events[i].Attributes.ToArray());
            Assert.Equal(expected.Events[i].DroppedAttributesCount, actual.Events[i].DroppedAttributesCount);
        }

        Assert.Equal(expected.Links.Length, actual.Links.Length);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Resource.Attributes.ToArray(), actual.Resource.Attributes.ToArray());
        Assert.Equal(expected.Scope.Name, actual.Scope.Name);
        Assert.Equal(expected.Scope.Version, actual.Scope.Version);
        Assert.Equal(expected.Warnings.ToArray(), actual.Warnings.ToArray());
    }

    public static KeyValue Str(string key, string value) => new(key, AttributeValue.String(value));

    public static KeyValue Int(string key, long value) => new(key, AttributeValue.Int(value));
}
