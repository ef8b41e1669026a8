using System.Collections.Immutable;
using System.Text.Json;
using TraceBackend.Model;
using TraceBackend.Query.Json;
using TraceBackend.Query.Tests.Support;

namespace TraceBackend.Query.Tests.Json;

public sealed class JaegerKeyValueJsonTests
{
    private static JsonElement Render(AttributeValue value) =>
        JsonHelpers.Render(w => JaegerKeyValueJson.Write(w, "k", value));

    [Fact]
    public void Writes_key_type_value_in_order()
    {
        var kv = Render(AttributeValue.String("v"));
        Assert.Equal(["key", "type", "value"], kv.Names());
        Assert.Equal("k", kv.GetProperty("key").GetString());
        Assert.Equal("string", kv.GetProperty("type").GetString());
        Assert.Equal("v", kv.GetProperty("value").GetString());
    }

    [Fact]
    public void Bool_is_json_bool()
    {
        var kv = Render(AttributeValue.Bool(true));
        Assert.Equal("bool", kv.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.True, kv.GetProperty("value").ValueKind);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(200L)]
    [InlineData(-42L)]
    [InlineData(9007199254740991L)]
    [InlineData(-9007199254740991L)]
    public void Int64_within_safe_range_is_a_number(long value)
    {
        var kv = Render(AttributeValue.Int(value));
        Assert.Equal("int64", kv.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Number, kv.GetProperty("value").ValueKind);
        Assert.Equal(value, kv.GetProperty("value").GetInt64());
    }

    [Theory]
    [InlineData(9007199254740992L, "9007199254740992")]
    [InlineData(-9007199254740992L, "-9007199254740992")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    public void Int64_outside_safe_range_is_a_string(long value, string text)
    {
        var kv = Render(AttributeValue.Int(value));
        Assert.Equal("int64", kv.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.String, kv.GetProperty("value").ValueKind);
        Assert.Equal(text, kv.GetProperty("value").GetString());
    }

    [Fact]
    public void Float64_is_a_number_and_non_finite_values_are_strings()
    {
        var kv = Render(AttributeValue.Double(1.5));
        Assert.Equal("float64", kv.GetProperty("type").GetString());
        Assert.Equal(1.5, kv.GetProperty("value").GetDouble());
        Assert.Equal("NaN", Render(AttributeValue.Double(double.NaN)).GetProperty("value").GetString());
        Assert.Equal("+Inf", Render(AttributeValue.Double(double.PositiveInfinity)).GetProperty("value").GetString());
        Assert.Equal("-Inf", Render(AttributeValue.Double(double.NegativeInfinity)).GetProperty("value").GetString());
    }

    [Fact]
    public void Bytes_are_binary_base64()
    {
        var kv = Render(AttributeValue.Bytes([0xff, 0x00, 0x10]));
        Assert.Equal("binary", kv.GetProperty("type").GetString());
        Assert.Equal("/wAQ", kv.GetProperty("value").GetString());
    }

    [Fact]
    public void Arrays_maps_and_empty_values_are_strings()
    {
        var array = Render(AttributeValue.Array([AttributeValue.String("a"), AttributeValue.Int(1), AttributeValue.Bool(false)]));
        Assert.Equal("string", array.GetProperty("type").GetString());
        Assert.Equal("[\"a\",1,false]", array.GetProperty("value").GetString());

        var map = Render(AttributeValue.KvList([new KeyValue("k", AttributeValue.String("v"))]));
        Assert.Equal("string", map.GetProperty("type").GetString());
        Assert.Equal("{\"k\":\"v\"}", map.GetProperty("value").GetString());

        var empty = Render(AttributeValue.Empty);
        Assert.Equal("string", empty.GetProperty("type").GetString());
        Assert.Equal("", empty.GetProperty("value").GetString());
    }
}
