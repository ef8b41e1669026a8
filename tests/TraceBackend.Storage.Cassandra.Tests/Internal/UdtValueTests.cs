using TraceBackend.Storage.Cassandra.Internal;

namespace TraceBackend.Storage.Cassandra.Tests.Internal;

/// <summary>The UDT values the write path binds: read-only dictionaries in field order, shared boxes only for equal values.</summary>
public sealed class UdtValueTests
{
    [Fact]
    public void A_keyvalue_udt_is_a_read_only_dictionary_in_field_order()
    {
        var udt = UdtValues.FromKeyValue(new DbKeyValue("n", DbValueTypes.Int64, ValueLong: 7));

        Assert.Equal(["key", "value_type", "value_string", "value_bool", "value_long", "value_double", "value_binary"], udt.Keys);
        Assert.Equal(7, udt.Count);
        Assert.Equal(new object?[] { "n", "int64", "", false, 7L, 0.0, null }, udt.Values);
        Assert.Equal(udt.Keys, udt.Select(kv => kv.Key));
        Assert.Equal(udt.Values, udt.Select(kv => kv.Value));
        Assert.Equal(7L, udt["value_long"]);
        Assert.True(udt.ContainsKey("value_binary"));
        Assert.False(udt.ContainsKey("Value_Long"));
        Assert.False(udt.TryGetValue("absent", out var absent));
        Assert.Null(absent);
        Assert.Throws<KeyNotFoundException>(() => udt["absent"]);
        Assert.Equal(new DbKeyValue("n", DbValueTypes.Int64, ValueLong: 7), UdtValues.ToKeyValue(udt));
    }

    [Fact]
    public void Shared_boxes_hold_exactly_the_value()
    {
        Assert.Same(BoundValues.Long(0), BoundValues.Long(0));
        Assert.Same(BoundValues.Int(9), BoundValues.Int(9));
        Assert.Equal(-1, BoundValues.Int(-1));
        Assert.Equal(16, BoundValues.Int(16));
        Assert.Equal(long.MinValue, BoundValues.Long(long.MinValue));
        Assert.Same(BoundValues.Bool(true), BoundValues.Bool(true));
        Assert.Equal(false, BoundValues.Bool(false));
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits((double)BoundValues.Double(-0.0)));
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits((double)BoundValues.Double(0.0)));
        Assert.Equal(double.NaN, (double)BoundValues.Double(double.NaN));
    }

    [Fact]
    public void Composite_udts_bind_every_field_and_empty_lists_are_empty()
    {
        var log = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(Assert.Single(UdtValues.FromLogs([new DbLog(5, [])])));
        var reference = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(Assert.Single(UdtValues.FromRefs([new DbSpanRef("child-of", [1], 3)])));
        var process = UdtValues.FromProcess(new DbProcess("svc", []))!;

        Assert.Equal(["ts=5", "fields=0"], log.Select(kv => $"{kv.Key}={(kv.Value is object?[] list ? list.Length : kv.Value)}"));
        Assert.Equal(["ref_type", "trace_id", "span_id"], reference.Keys);
        Assert.Equal(3L, reference["span_id"]);
        Assert.Equal(["service_name", "tags"], process.Keys);
        Assert.Empty(UdtValues.FromKeyValues([]));
        Assert.Empty(UdtValues.FromDependencies([]));
        Assert.Throws<ArgumentException>(() => new FieldArrayUdt(["a", "b"], [1]));
    }
}
