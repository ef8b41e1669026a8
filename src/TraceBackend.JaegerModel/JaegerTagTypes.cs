using System.Globalization;
using TraceBackend.Model;

namespace TraceBackend.JaegerModel;

/// <summary>
/// Wire numbers of Jaeger tag types → <see cref="JaegerTagType"/>, and tag values → attribute values, as the
/// OpenTelemetry Collector's jaeger translator maps them (STRING→Str, BOOL→Bool, INT64/LONG→Int,
/// FLOAT64/DOUBLE→Double, BINARY→Bytes; an unknown type → the string <c>&lt;Unknown Jaeger TagType "…"&gt;</c>).
/// </summary>
public static class JaegerTagTypes
{
    /// <summary>protobuf <c>jaeger.api_v2.ValueType</c>: STRING=0, BOOL=1, INT64=2, FLOAT64=3, BINARY=4.</summary>
    public static bool TryFromProtobuf(int number, out JaegerTagType type)
    {
        type = (JaegerTagType)number;
        return number is >= 0 and <= 4;
    }

    /// <summary>Thrift <c>jaeger.TagType</c>: STRING=0, DOUBLE=1, BOOL=2, LONG=3, BINARY=4.</summary>
    public static bool TryFromThrift(int number, out JaegerTagType type)
    {
        type = number switch
        {
            0 => JaegerTagType.String,
            1 => JaegerTagType.Float64,
            2 => JaegerTagType.Bool,
            3 => JaegerTagType.Int64,
            4 => JaegerTagType.Binary,
            _ => JaegerTagType.String,
        };
        return number is >= 0 and <= 4;
    }

    /// <summary>The attribute value of a tag of a known type; only the field of that type is read.</summary>
    public static AttributeValue ToValue(JaegerTagType type, string? str, bool boolean, long int64, double float64, byte[]? binary) => type switch
    {
        JaegerTagType.String => AttributeValue.String(str ?? ""),
        JaegerTagType.Bool => AttributeValue.Bool(boolean),
        JaegerTagType.Int64 => AttributeValue.Int(int64),
        JaegerTagType.Float64 => AttributeValue.Double(float64),
        JaegerTagType.Binary => AttributeValue.Bytes(binary ?? []),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a Jaeger tag type"),
    };

    /// <summary>
    /// The value upstream stores for a tag of unknown type: Go's <c>fmt.Sprintf("&lt;Unknown Jaeger TagType %q&gt;", vType)</c>.
    /// <paramref name="typeName"/> is what the Go enum's <c>String()</c> gives: the decimal number for protobuf
    /// (<see cref="UnknownProtobufName"/>), <c>&lt;UNSET&gt;</c> for Thrift (<see cref="UnknownThriftName"/>).
    /// </summary>
    public static AttributeValue Unknown(string typeName) => AttributeValue.String("<Unknown Jaeger TagType \"" + typeName + "\">");

    public static string UnknownProtobufName(int number) => number.ToString(CultureInfo.InvariantCulture);

    public const string UnknownThriftName = "<UNSET>";
}
