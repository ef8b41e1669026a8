using TraceBackend.Model;

namespace TraceBackend.Model.Tests;

public class AttributeValueTests
{
    [Fact]
    public void String_forms_follow_jaeger_rules()
    {
        Assert.Equal("true", AttributeValue.Bool(true).ToString());
        Assert.Equal("-42", AttributeValue.Int(-42).ToString());
        Assert.Equal("1.5", AttributeValue.Double(1.5).ToString());
        Assert.Equal("AQI=", AttributeValue.Bytes([1, 2]).ToString());
        Assert.Equal("[\"a\",1,true]", AttributeValue.Array([AttributeValue.String("a"), AttributeValue.Int(1), AttributeValue.Bool(true)]).ToString());
        Assert.Equal("{\"k\":\"v\",\"n\":[2.5]}", AttributeValue.KvList([new("k", AttributeValue.String("v")), new("n", AttributeValue.Array([AttributeValue.Double(2.5)]))]).ToString());
        Assert.Equal("\"q\\\"x\"", AttributeValue.String("q\"x").ToJson());
    }

    [Fact]
    public void Values_compare_by_type_and_content()
    {
        Assert.Equal(AttributeValue.Bytes([1, 2]), AttributeValue.Bytes([1, 2]));
        Assert.NotEqual(AttributeValue.Int(1), AttributeValue.Double(1));
        Assert.NotEqual(AttributeValue.String("1"), AttributeValue.Int(1));
        Assert.Throws<InvalidOperationException>(() => AttributeValue.Int(1).AsString);
    }
}
