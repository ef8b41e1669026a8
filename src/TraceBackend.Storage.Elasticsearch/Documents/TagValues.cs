using System.Globalization;
using System.Text.Json;
using TraceBackend.JaegerModel;
using TraceBackend.Model;

namespace TraceBackend.Storage.Elasticsearch.Documents;

/// <summary>
/// Tag values in span documents (reference §4.3). Written: nested <c>{key, type, value}</c> with the value as a
/// <b>string</b> — the form of Jaeger ≤ v1.68 / v2.5, which every Jaeger reader (old ones reject typed values) and
/// the <c>keyword</c> mapping accept — and elevated <c>tag.*</c> fields with their JSON type, as Jaeger writes
/// them. Read: both string and typed JSON values.
/// </summary>
internal static class TagValues
{
    public const string StringType = "string";
    public const string BoolType = "bool";
    public const string Int64Type = "int64";
    public const string Float64Type = "float64";
    public const string BinaryType = "binary";

    /// <summary>
    /// The Jaeger type and string value of an attribute: strings as they are, bools <c>true</c>/<c>false</c>, integers
    /// in decimal, doubles in shortest round-trip form (lossless, unlike Jaeger v1's 10 significant digits), bytes as
    /// lower-case hex (type <c>binary</c>), arrays and maps as their JSON text with type <c>string</c> (as Jaeger does).
    /// The value equals <see cref="AttributeValue.ToString"/> except for bytes (hex, where that gives base64).
    /// </summary>
    public static (string Type, string Value) Encode(AttributeValue value) => value.Type switch
    {
        AttributeType.Bool => (BoolType, value.AsBool ? "true" : "false"),
        AttributeType.Int => (Int64Type, value.AsInt.ToString(CultureInfo.InvariantCulture)),
        AttributeType.Double => (Float64Type, AttributeValue.FormatDouble(value.AsDouble)),
        AttributeType.Bytes => (BinaryType, Convert.ToHexStringLower(value.AsBytes)),
        _ => (StringType, value.ToString()),
    };

    /// <summary>An elevated tag's field value with its JSON type (never called for bytes; non-finite doubles as strings).</summary>
    public static void WriteFieldValue(Utf8JsonWriter writer, string fieldName, AttributeValue value)
    {
        switch (value.Type)
        {
            case AttributeType.Bool:
                writer.WriteBoolean(fieldName, value.AsBool);
                break;
            case AttributeType.Int:
                writer.WriteNumber(fieldName, value.AsInt);
                break;
            case AttributeType.Double when double.IsFinite(value.AsDouble):
                writer.WriteNumber(fieldName, value.AsDouble);
                break;
            default:
                writer.WriteString(fieldName, Encode(value).Value);
                break;
        }
    }

    /// <summary>
    /// A nested tag's value: the <paramref name="type"/> decides, the JSON value may be a string (parsed) or already
    /// typed. Binary accepts hex and, failing that, base64. A missing type means string; an unknown type gives
    /// Jaeger's <c>&lt;Unknown Jaeger TagType "…"&gt;</c> string. A value that does not fit its type is kept as text.
    /// </summary>
    public static AttributeValue Decode(string? type, JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? "",
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            _ => value.GetRawText(),
        };
        switch (type)
        {
            case null or "" or StringType:
                return AttributeValue.String(text);
            case BoolType:
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    return AttributeValue.Bool(value.ValueKind == JsonValueKind.True);
                }

                return GoBool.TryParse(text, out var b) ? AttributeValue.Bool(b) : AttributeValue.String(text);
            case Int64Type:
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    return AttributeValue.Int(l);
                }

                // A typed writer's float64 JSON number for an int64 tag (Go decodes every JSON number as float64).
                return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d)
                    ? AttributeValue.Int((long)d)
                    : AttributeValue.String(text);
            case Float64Type:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? AttributeValue.Double(f) : AttributeValue.String(text);
            case BinaryType:
                return TryDecodeBinary(text, out var bytes) ? AttributeValue.Bytes(bytes) : AttributeValue.String(text);
            default:
                return JaegerTagTypes.Unknown(type);
        }
    }

    /// <summary>
    /// An elevated <c>tag.*</c> field's value, typed by its JSON kind as Jaeger does: string, bool, a number written
    /// without fraction or exponent → int64, any other number → float64; anything else as its JSON text.
    /// </summary>
    public static AttributeValue DecodeField(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => AttributeValue.String(value.GetString() ?? ""),
        JsonValueKind.True => AttributeValue.Bool(true),
        JsonValueKind.False => AttributeValue.Bool(false),
        JsonValueKind.Number when value.TryGetInt64(out var l) => AttributeValue.Int(l),
        JsonValueKind.Number when value.TryGetDouble(out var d) => AttributeValue.Double(d),
        _ => AttributeValue.String(value.GetRawText()),
    };

    private static bool TryDecodeBinary(string text, out byte[] bytes)
    {
        if (text.Length % 2 == 0 && !text.AsSpan().ContainsAnyExcept("0123456789abcdefABCDEF"))
        {
            bytes = Convert.FromHexString(text);
            return true;
        }

        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
