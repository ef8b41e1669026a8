using System.Net;
using System.Numerics;
using TraceBackend.Cql.Internal.Values;
using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Cql.Tests.Codec;

/// <summary>Value serialization (spec §6, §7) in both directions, with the CLR mapping of the client.</summary>
public sealed class ValueCodecTests
{
    private static readonly Guid s_guid = new("00112233-4455-6677-8899-aabbccddeeff");

    private static readonly CqlType s_keyvalue = CqlType.Udt("jaeger", "keyvalue", [
        new("key", CqlType.Text), new("value_type", CqlType.Text), new("value_string", CqlType.Text),
        new("value_bool", CqlType.Boolean), new("value_long", CqlType.Bigint), new("value_double", CqlType.Double),
        new("value_binary", CqlType.Blob)]);

    public static TheoryData<CqlType, object, string> Natives => new()
    {
        { CqlType.Text, "héllo", "68C3A96C6C6F" },
        { CqlType.Varchar, string.Empty, string.Empty },
        { CqlType.Ascii, "abc", "616263" },
        { CqlType.Bigint, -2L, "FFFFFFFFFFFFFFFE" },
        { CqlType.Counter, 258L, "0000000000000102" },
        { CqlType.Int, 0x01020304, "01020304" },
        { CqlType.Smallint, (short)-2, "FFFE" },
        { CqlType.Tinyint, (sbyte)-128, "80" },
        { CqlType.Boolean, true, "01" },
        { CqlType.Boolean, false, "00" },
        { CqlType.Double, 1.5, "3FF8000000000000" },
        { CqlType.Float, -2.5f, "C0200000" },
        { CqlType.Blob, new byte[] { 0xCA, 0xFE }, "CAFE" },
        { CqlType.Timestamp, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), "0000018BCFE5687B" },
        { CqlType.Uuid, s_guid, "00112233445566778899AABBCCDDEEFF" },
        { CqlType.Timeuuid, new Guid("d2177dd0-eaa2-11de-a572-001b779c76e3"), "D2177DD0EAA211DEA572001B779C76E3" },
        { CqlType.Varint, new BigInteger(129), "0081" },
        { CqlType.Decimal, 12.34m, "00000002" + "04D2" },
        { CqlType.Inet, IPAddress.Parse("10.1.2.3"), "0A010203" },
        { CqlType.Inet, IPAddress.Parse("::1"), "00000000000000000000000000000001" },
        { CqlType.Date, new DateOnly(1970, 1, 2), "80000001" },
        { CqlType.Time, TimeSpan.FromSeconds(1), "000000003B9ACA00" },
    };

    [Theory]
    [MemberData(nameof(Natives))]
    public void Native_values_encode_to_spec_bytes_and_decode_back(CqlType type, object value, string hex)
    {
        var content = Convert.FromHexString(hex);

        Assert.Equal(Wire.Value(content), Wire.Encode(type, value));
        Assert.Equal(value, Wire.Decode(type, content));
    }

    [Theory]
    [InlineData(0L, "00")]
    [InlineData(1L, "01")]
    [InlineData(127L, "7F")]
    [InlineData(128L, "0080")]
    [InlineData(129L, "0081")]
    [InlineData(-1L, "FF")]
    [InlineData(-128L, "80")]
    [InlineData(-129L, "FF7F")]
    public void Varint_follows_the_spec_examples(long value, string hex)
    {
        Assert.Equal(Wire.Value(Convert.FromHexString(hex)), Wire.Encode(CqlType.Varint, new BigInteger(value)));
        Assert.Equal(new BigInteger(value), Wire.Decode(CqlType.Varint, Convert.FromHexString(hex)));
    }

    [Fact]
    public void Null_binds_as_length_minus_one_for_every_type()
    {
        foreach (var type in new[] { CqlType.Text, CqlType.Int, CqlType.List(CqlType.Text), s_keyvalue })
        {
            Assert.Equal([0xFF, 0xFF, 0xFF, 0xFF], Wire.Encode(type, null));
        }
    }

    [Fact]
    public void Empty_values_are_empty_strings_and_blobs_and_null_for_other_types()
    {
        Assert.Equal(string.Empty, Wire.Decode(CqlType.Text, []));
        Assert.Equal(string.Empty, Wire.Decode(CqlType.Ascii, []));
        Assert.Equal(Array.Empty<byte>(), Wire.Decode(CqlType.Blob, []));
        foreach (var type in new[] { CqlType.Int, CqlType.Bigint, CqlType.Boolean, CqlType.Double, CqlType.Timestamp, CqlType.Uuid, CqlType.List(CqlType.Int) })
        {
            Assert.Null(Wire.Decode(type, []));
        }

        Assert.Equal(Wire.Value([]), Wire.Encode(CqlType.Blob, Array.Empty<byte>()));
    }

    [Fact]
    public void Binding_widens_integers_and_accepts_alternative_clr_forms()
    {
        Assert.Equal(Wire.Encode(CqlType.Bigint, 5L), Wire.Encode(CqlType.Bigint, 5));
        Assert.Equal(Wire.Encode(CqlType.Int, 5), Wire.Encode(CqlType.Int, (short)5));
        Assert.Equal(Wire.Encode(CqlType.Double, 0.5), Wire.Encode(CqlType.Double, 0.5f));
        Assert.Equal(Wire.Encode(CqlType.Blob, new byte[] { 1, 2 }), Wire.Encode(CqlType.Blob, new ReadOnlyMemory<byte>([1, 2])));
        Assert.Equal(Wire.Encode(CqlType.Blob, new byte[] { 1, 2 }), Wire.Encode(CqlType.Blob, new ArraySegment<byte>([0, 1, 2], 1, 2)));
        var instant = new DateTimeOffset(2024, 5, 6, 7, 8, 9, 10, TimeSpan.Zero);
        Assert.Equal(Wire.Encode(CqlType.Timestamp, instant), Wire.Encode(CqlType.Timestamp, instant.UtcDateTime));
        Assert.Equal(Wire.Encode(CqlType.Timestamp, instant), Wire.Encode(CqlType.Timestamp, DateTime.SpecifyKind(instant.UtcDateTime, DateTimeKind.Unspecified)));
        Assert.Equal(Wire.Encode(CqlType.Timestamp, instant), Wire.Encode(CqlType.Timestamp, instant.ToUnixTimeMilliseconds()));
        Assert.Equal(Wire.Encode(CqlType.Varint, new BigInteger(-129)), Wire.Encode(CqlType.Varint, -129L));
        Assert.Equal(Wire.Encode(CqlType.Time, TimeSpan.FromMinutes(3)), Wire.Encode(CqlType.Time, new TimeOnly(0, 3)));
    }

    [Fact]
    public void Timestamps_before_the_epoch_are_negative()
    {
        var instant = DateTimeOffset.FromUnixTimeMilliseconds(-1);

        Assert.Equal(Wire.Value(Convert.FromHexString("FFFFFFFFFFFFFFFF")), Wire.Encode(CqlType.Timestamp, instant));
        Assert.Equal(instant, Wire.Decode(CqlType.Timestamp, Convert.FromHexString("FFFFFFFFFFFFFFFF")));
    }

    [Fact]
    public void Lists_and_sets_bind_from_any_enumerable_and_decode_as_read_only_lists()
    {
        var expected = Wire.Value(V.Collection(V.Text("a"), V.Text("b")));

        Assert.Equal(expected, Wire.Encode(CqlType.List(CqlType.Text), new[] { "a", "b" }));
        Assert.Equal(expected, Wire.Encode(CqlType.Set(CqlType.Text), new HashSet<string> { "a", "b" }));
        Assert.Equal(expected, Wire.Encode(CqlType.List(CqlType.Text), Enumerable.Range(0, 2).Select(i => i == 0 ? "a" : "b")));
        Assert.Equal(Wire.Value(V.Collection()), Wire.Encode(CqlType.List(CqlType.Int), Array.Empty<int>()));
        var decoded = Assert.IsAssignableFrom<IReadOnlyList<object?>>(Wire.Decode(CqlType.Set(CqlType.Text), V.Collection(V.Text("a"), V.Text("b"))));
        Assert.Equal(["a", "b"], decoded);
    }

    [Fact]
    public void Maps_bind_from_dictionaries_and_decode_as_read_only_dictionaries()
    {
        var content = new SpecWriter().Int(1).Bytes(V.Text("k")).Bytes(V.Long(9)).ToArray();
        var type = CqlType.Map(CqlType.Text, CqlType.Bigint);

        Assert.Equal(Wire.Value(content), Wire.Encode(type, new Dictionary<string, long> { ["k"] = 9 }));
        Assert.Equal(Wire.Value(content), Wire.Encode(type, new SortedList<string, object?> { ["k"] = 9L }));
        var decoded = Assert.IsAssignableFrom<IReadOnlyDictionary<object, object?>>(Wire.Decode(type, content));
        Assert.Equal(9L, decoded["k"]);
    }

    [Fact]
    public void Udts_bind_from_dictionaries_in_field_order_with_missing_fields_as_null()
    {
        var value = new Dictionary<string, object?> { ["value_long"] = 42L, ["key"] = "retries", ["value_type"] = "int64" };
        var expected = V.Fields(V.Text("retries"), V.Text("int64"), null, null, V.Long(42), null, null);

        Assert.Equal(Wire.Value(expected), Wire.Encode(s_keyvalue, value));

        var decoded = Assert.IsType<CqlUdtValue>(Wire.Decode(s_keyvalue, expected));
        Assert.Equal(7, decoded.Count);
        Assert.Equal(["key", "value_type", "value_string", "value_bool", "value_long", "value_double", "value_binary"], decoded.Keys);
        Assert.Equal(42L, decoded["value_long"]);
        Assert.True(decoded.TryGetValue("value_bool", out var flag));
        Assert.Null(flag);
        Assert.False(decoded.ContainsKey("nope"));
        Assert.Throws<KeyNotFoundException>(() => decoded["nope"]);

        // A decoded UDT binds back to the same bytes.
        Assert.Equal(Wire.Value(expected), Wire.Encode(s_keyvalue, decoded));
    }

    [Fact]
    public void Udts_sent_with_fewer_fields_than_the_type_decode_the_rest_as_null()
    {
        var decoded = Assert.IsType<CqlUdtValue>(Wire.Decode(s_keyvalue, V.Fields(V.Text("k"))));

        Assert.Equal("k", decoded["key"]);
        Assert.All(decoded.Skip(1), pair => Assert.Null(pair.Value));
    }

    [Fact]
    public void Nested_lists_of_frozen_udts_bind()
    {
        var process = CqlType.Udt("jaeger", "process", [new("service_name", CqlType.Text), new("tags", CqlType.List(s_keyvalue))]);
        var value = new Dictionary<string, object?>
        {
            ["service_name"] = "frontend",
            ["tags"] = new List<IReadOnlyDictionary<string, object?>> { new Dictionary<string, object?> { ["key"] = "ip", ["value_bool"] = true } },
        };
        var tag = V.Fields(V.Text("ip"), null, null, V.Bool(true), null, null, null);

        Assert.Equal(Wire.Value(V.Fields(V.Text("frontend"), V.Collection(tag))), Wire.Encode(process, value));
    }

    [Fact]
    public void Tuples_bind_from_value_tuples_or_lists()
    {
        var type = CqlType.Tuple([CqlType.Int, CqlType.Text]);
        var expected = Wire.Value(V.Fields(V.Int(1), V.Text("x")));

        Assert.Equal(expected, Wire.Encode(type, (1, "x")));
        Assert.Equal(expected, Wire.Encode(type, new object?[] { 1, "x" }));
        Assert.Equal([1, "x"], Assert.IsType<object?[]>(Wire.Decode(type, V.Fields(V.Int(1), V.Text("x")))));
    }

    [Fact]
    public void Decimal_values_with_large_scale_or_magnitude_decode_as_double()
    {
        Assert.Equal(-12.34m, Wire.Decode(CqlType.Decimal, Convert.FromHexString("00000002" + "FB2E")));
        Assert.Equal(-12.34m, Wire.Decode(CqlType.Decimal, Wire.Encode(CqlType.Decimal, -12.34m)[4..]));
        Assert.Equal(1e-40, (double)Wire.Decode(CqlType.Decimal, Convert.FromHexString("00000028" + "01"))!, 1e-50);
    }

    [Fact]
    public void Wrong_clr_types_name_the_variable_and_the_expected_cql_type()
    {
        var error = Assert.Throws<ArgumentException>(() => CqlValueEncoder.Encode([new CqlColumn("ks", "t", "span_id", CqlType.Bigint)], ["12"]));

        Assert.Contains("span_id", error.Message, StringComparison.Ordinal);
        Assert.Contains("bigint", error.Message, StringComparison.Ordinal);
        Assert.Contains("String", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Wire.Encode(CqlType.Int, 5L));
        Assert.Throws<ArgumentException>(() => Wire.Encode(CqlType.Text, 5));
        Assert.Throws<ArgumentException>(() => Wire.Encode(CqlType.Ascii, "é"));
        Assert.Throws<ArgumentException>(() => Wire.Encode(CqlType.List(CqlType.Text), "abc"));
        Assert.Throws<ArgumentException>(() => Wire.Encode(CqlType.List(CqlType.Text), new[] { "a", null }));
        Assert.Throws<ArgumentException>(() => Wire.Encode(CqlType.Uuid, "00112233-4455-6677-8899-aabbccddeeff"));
    }

    [Fact]
    public void Unknown_udt_fields_are_rejected_with_their_name()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            CqlValueEncoder.Encode([new CqlColumn("ks", "t", "tags", CqlType.List(s_keyvalue))], [new[] { new Dictionary<string, object?> { ["kee"] = "x" } }]));

        Assert.Contains("kee", error.Message, StringComparison.Ordinal);
        Assert.Contains("tags[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_count_must_match_the_bind_variables()
    {
        var error = Assert.Throws<ArgumentException>(() => CqlValueEncoder.Encode([new CqlColumn("ks", "t", "a", CqlType.Int)], []));

        Assert.Contains("1 bind variables", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_of_the_wrong_length_are_protocol_errors()
    {
        Assert.Throws<CqlProtocolException>(() => Wire.Decode(CqlType.Int, [1, 2]));
        Assert.Throws<CqlProtocolException>(() => Wire.Decode(CqlType.Uuid, [1]));
        Assert.Throws<CqlProtocolException>(() => Wire.Decode(CqlType.List(CqlType.Int), new SpecWriter().Int(3).Bytes(V.Int(1)).ToArray()));
        Assert.Throws<CqlProtocolException>(() => Wire.Decode(CqlType.Map(CqlType.Int, CqlType.Int), new SpecWriter().Int(1).Int(-1).Int(-1).ToArray()));
    }

    [Fact]
    public void Type_names_and_equality_are_structural()
    {
        Assert.Equal("map<text, list<int>>", CqlType.Map(CqlType.Text, CqlType.List(CqlType.Int)).ToString());
        Assert.Equal("jaeger.keyvalue", s_keyvalue.ToString());
        Assert.Equal("tuple<int, frozen<jaeger.keyvalue>>", CqlType.Tuple([CqlType.Int, s_keyvalue]).ToString());
        Assert.Equal(CqlType.List(CqlType.Text), CqlType.List(CqlType.Varchar));
        Assert.NotEqual(CqlType.List(CqlType.Text), CqlType.Set(CqlType.Text));
        Assert.Equal(CqlType.List(CqlType.Text).GetHashCode(), CqlType.List(CqlType.Text).GetHashCode());
        Assert.Same(CqlType.Bigint, CqlType.Native(CqlTypeKind.Bigint));
    }
}
