using System.Globalization;
using System.Text.Json;
using TraceBackend.Model;

namespace TraceBackend.Query.Json;

/// <summary>
/// Jaeger v1 <c>KeyValue</c> objects: <c>{"key","type","value"}</c> with the typing rules of §1.4/§1.6
/// (int64 beyond ±(2^53−1) as a decimal string, non-finite doubles as Go prints them, bytes base64, arrays and
/// maps as strings of their JSON rendering, empty values as empty strings).
/// </summary>
public static class JaegerKeyValueJson
{
    /// <summary>Largest integer JavaScript represents exactly (2^53 − 1).</summary>
    public const long MaxSafeInteger = (1L << 53) - 1;

    public static void Write(Utf8JsonWriter writer, string key, AttributeValue value)
    {
        writer.WriteStartObject();
        writer.WriteString(JsonNames.Key, key);
        switch (value.Type)
        {
            case AttributeType.Bool:
                writer.WriteString(JsonNames.Type, JsonNames.TypeBool);
                writer.WriteBoolean(JsonNames.Value, value.AsBool);
                break;
            case AttributeType.Int:
                writer.WriteString(JsonNames.Type, JsonNames.TypeInt64);
                WriteInt64(writer, value.AsInt);
                break;
            case AttributeType.Double:
                writer.WriteString(JsonNames.Type, JsonNames.TypeFloat64);
                WriteFloat64(writer, value.AsDouble);
                break;
            case AttributeType.Bytes:
                writer.WriteString(JsonNames.Type, JsonNames.TypeBinary);
                writer.WriteBase64String(JsonNames.Value, value.AsBytes);
                break;
            default:
                writer.WriteString(JsonNames.Type, JsonNames.TypeString);
                writer.WriteString(JsonNames.Value, value.ToString());
                break;
        }

        writer.WriteEndObject();
    }

    public static void WriteString(Utf8JsonWriter writer, string key, string value)
    {
        writer.WriteStartObject();
        writer.WriteString(JsonNames.Key, key);
        writer.WriteString(JsonNames.Type, JsonNames.TypeString);
        writer.WriteString(JsonNames.Value, value);
        writer.WriteEndObject();
    }

    private static void WriteInt64(Utf8JsonWriter writer, long value)
    {
        if (value is >= -MaxSafeInteger and <= MaxSafeInteger)
        {
            writer.WriteNumber(JsonNames.Value, value);
        }
        else
        {
            writer.WriteString(JsonNames.Value, value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteFloat64(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(JsonNames.Value, value);
        }
        else
        {
            writer.WriteString(JsonNames.Value, double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf");
        }
    }
}
