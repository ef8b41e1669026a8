using TraceBackend.Collector.Jaeger;
using TraceBackend.JaegerModel;
using TraceBackend.Model;
using TraceBackend.Otlp;

namespace TraceBackend.Collector.Tests.Jaeger;

/// <summary>The encoding-neutral mapper as a Thrift decoder would feed it.</summary>
public sealed class JaegerSpanMapperTests
{
    [Theory]
    [InlineData(0, JaegerTagType.String)]
    [InlineData(1, JaegerTagType.Float64)]
    [InlineData(2, JaegerTagType.Bool)]
    [InlineData(3, JaegerTagType.Int64)]
    [InlineData(4, JaegerTagType.Binary)]
    public void ThriftTagTypesAreNumberedDifferentlyFromProtobuf(int thrift, JaegerTagType expected)
    {
        Assert.True(JaegerTagTypes.TryFromThrift(thrift, out var type));
        Assert.Equal(expected, type);
        Assert.True(JaegerTagTypes.TryFromProtobuf(thrift, out var proto));
        Assert.Equal(thrift, (int)proto);
    }

    [Fact]
    public void UnknownTagTypesAreRefusedAndNamedLikeUpstream()
    {
        Assert.False(JaegerTagTypes.TryFromThrift(5, out _));
        Assert.False(JaegerTagTypes.TryFromProtobuf(-1, out _));
        Assert.Equal(AttributeValue.String("<Unknown Jaeger TagType \"<UNSET>\">"), JaegerTagTypes.Unknown(JaegerTagTypes.UnknownThriftName));
    }

    [Fact]
    public void ExplicitParentWinsOverReferencesAndChildOfToItIsNotALink()
    {
        var mapper = new JaegerSpanMapper(new KeyInterner());
        var trace = new TraceId(0, 42);
        var input = new JaegerSpanInput
        {
            TraceId = trace,
            SpanId = new SpanId(3),
            ParentSpanId = new SpanId(2),
            OperationName = "op",
            StartTimeUnixNano = 1000,
            EndTimeUnixNano = 2000,
        };
        input.References.Add(new JaegerReference(JaegerReferenceType.ChildOf, trace, new SpanId(1)));
        input.References.Add(new JaegerReference(JaegerReferenceType.ChildOf, trace, new SpanId(2)));
        var resource = mapper.MapResource(true, "svc", [], out var warnings);

        var span = mapper.MapSpan(input, resource, warnings);

        Assert.Equal(new SpanId(2), span.ParentSpanId);
        Assert.Equal(new SpanId(1), Assert.Single(span.Links).SpanId);
        Assert.Equal("svc", span.ServiceName);
        Assert.Empty(span.Warnings);
    }

    [Fact]
    public void ClearResetsTheInputForReuse()
    {
        var input = new JaegerSpanInput { OperationName = "x", Flags = 1, ParentSpanId = new SpanId(1) };
        input.Tags.Add(new KeyValue("k", AttributeValue.String("v")));
        input.Warnings.Add("w");

        input.Clear();

        Assert.Equal(("", 0u, true), (input.OperationName, input.Flags, input.ParentSpanId.IsEmpty));
        Assert.Empty(input.Tags);
        Assert.Empty(input.Warnings);
    }

    [Fact]
    public void AttributeMapSwitchesToAnIndexBeyondSixteenEntries()
    {
        var map = new AttributeMap();
        for (var i = 0; i < 40; i++)
        {
            map.Put("k" + i, AttributeValue.Int(i));
        }

        map.Put("k3", AttributeValue.Int(-3));
        Assert.True(map.Remove("k0"));
        Assert.False(map.Remove("k0"));

        Assert.Equal(39, map.Count);
        Assert.True(map.TryGet("k3", out var v3));
        Assert.Equal(AttributeValue.Int(-3), v3);
        Assert.True(map.TryGet("k39", out var v39));
        Assert.Equal(AttributeValue.Int(39), v39);
        Assert.Equal("k1", map.ToArray()[0].Key);
    }
}
