using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// One <c>keyvalue</c> UDT value (a span tag, process tag or log field). Only the field named by
/// <see cref="ValueType"/> carries the value; the others hold the zero values Jaeger's writer leaves in them
/// (empty string, false, 0, 0.0, null bytes). Rows read back may carry any combination; readers look only at the
/// typed field.
/// </summary>
internal sealed record DbKeyValue(
    string Key,
    string ValueType,
    string ValueString = "",
    bool ValueBool = false,
    long ValueLong = 0,
    double ValueDouble = 0,
    byte[]? ValueBinary = null)
{
    /// <summary>
    /// The stored form of an attribute: string/bool/int/double/bytes keep their type; arrays and maps become
    /// <c>string</c> tags holding their JSON (<see cref="AttributeValue.ToString"/>), the empty value an empty string.
    /// </summary>
    public static DbKeyValue From(string key, AttributeValue value) => value.Type switch
    {
        AttributeType.String => new(key, DbValueTypes.String, ValueString: value.AsString),
        AttributeType.Bool => new(key, DbValueTypes.Bool, ValueBool: value.AsBool),
        AttributeType.Int => new(key, DbValueTypes.Int64, ValueLong: value.AsInt),
        AttributeType.Double => new(key, DbValueTypes.Float64, ValueDouble: value.AsDouble),
        AttributeType.Bytes => new(key, DbValueTypes.Binary, ValueBinary: value.AsBytes.ToArray()),
        _ => new(key, DbValueTypes.String, ValueString: value.ToString()),
    };

    /// <summary>
    /// The attribute value of the tag. An unknown <see cref="ValueType"/> becomes the string Jaeger's reader produces,
    /// <c>&lt;Unknown Jaeger TagType "…"&gt;</c>.
    /// </summary>
    public AttributeValue ToAttributeValue() => ValueType switch
    {
        DbValueTypes.String => AttributeValue.String(ValueString),
        DbValueTypes.Bool => AttributeValue.Bool(ValueBool),
        DbValueTypes.Int64 => AttributeValue.Int(ValueLong),
        DbValueTypes.Float64 => AttributeValue.Double(ValueDouble),
        DbValueTypes.Binary => AttributeValue.Bytes(ValueBinary ?? []),
        _ => AttributeValue.String("<Unknown Jaeger TagType " + GoQuote.Strconv(ValueType) + ">"),
    };

    /// <summary>
    /// The <c>tag_value</c> of this tag in <c>tag_index</c> (Jaeger's <c>KeyValue.AsString</c>): strings as is,
    /// <c>true</c>/<c>false</c>, decimal integers, floats as Go's <c>%.10g</c>, binary as lower-case hex.
    /// </summary>
    public string AsIndexString() => ValueType switch
    {
        DbValueTypes.String => ValueString,
        DbValueTypes.Bool => ValueBool ? "true" : "false",
        DbValueTypes.Int64 => ValueLong.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DbValueTypes.Float64 => GoFloatFormat.FormatG(ValueDouble, 10),
        DbValueTypes.Binary => Convert.ToHexStringLower(ValueBinary ?? []),
        _ => "unknown type " + ValueType,
    };
}
