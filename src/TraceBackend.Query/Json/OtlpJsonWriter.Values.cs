using System.Globalization;
using System.Text.Json;
using TraceBackend.Model;

namespace TraceBackend.Query.Json;

// OTLP/JSON values: key/value pairs, AnyValue, IDs, times and the omit-when-zero helpers.
public static partial class OtlpJsonWriter
{
    /// <summary><c>{"key":…,"value":AnyValue}</c>.</summary>
    public static void WriteKeyValue(Utf8JsonWriter writer, string key, AttributeValue value)
    {
        writer.WriteStartObject();
        writer.WriteString(s_key, key);
        writer.WritePropertyName(s_value);
        WriteAnyValue(writer, value);
        writer.WriteEndObject();
    }

    /// <summary>An OTLP <c>AnyValue</c>; doubles that are not finite are written as protojson does ("NaN", "Infinity").</summary>
    public static void WriteAnyValue(Utf8JsonWriter writer, AttributeValue value)
    {
        writer.WriteStartObject();
        switch (value.Type)
        {
            case AttributeType.String:
                writer.WriteString(s_stringValue, value.AsString);
                break;
            case AttributeType.Bool:
                writer.WriteBoolean(s_boolValue, value.AsBool);
                break;
            case AttributeType.Int:
                writer.WriteString(s_intValue, value.AsInt.ToString(CultureInfo.InvariantCulture));
                break;
            case AttributeType.Double:
                var d = value.AsDouble;
                if (double.IsFinite(d))
                {
                    writer.WriteNumber(s_doubleValue, d);
                }
                else
                {
                    writer.WriteString(s_doubleValue, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                }

                break;
            case AttributeType.Bytes:
                writer.WriteBase64String(s_bytesValue, value.AsBytes);
                break;
            case AttributeType.Array:
                writer.WriteStartObject(s_arrayValue);
                if (value.AsArray.Length > 0)
                {
                    writer.WriteStartArray(s_values);
                    foreach (var item in value.AsArray)
                    {
                        WriteAnyValue(writer, item);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
                break;
            case AttributeType.KvList:
                writer.WriteStartObject(s_kvlistValue);
                WriteAttributes(writer, value.AsKvList, s_values);
                writer.WriteEndObject();
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter writer, System.Collections.Immutable.ImmutableArray<KeyValue> attributes) =>
        WriteAttributes(writer, attributes, s_attributes);

    private static void WriteAttributes(Utf8JsonWriter writer, System.Collections.Immutable.ImmutableArray<KeyValue> attributes, JsonEncodedText name)
    {
        if (attributes.IsDefaultOrEmpty)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var kv in attributes)
        {
            WriteKeyValue(writer, kv.Key, kv.Value);
        }

        writer.WriteEndArray();
    }

    internal static void WriteTraceId(Utf8JsonWriter writer, JsonEncodedText name, TraceId id)
    {
        Span<char> chars = stackalloc char[32];
        HexFormat.WriteUInt64(chars, id.High);
        HexFormat.WriteUInt64(chars[16..], id.Low);
        writer.WriteString(name, chars);
    }

    internal static void WriteNanos(Utf8JsonWriter writer, JsonEncodedText name, ulong nanos)
    {
        if (nanos == 0)
        {
            return;
        }

        Span<char> chars = stackalloc char[20];
        nanos.TryFormat(chars, out var written, default, CultureInfo.InvariantCulture);
        writer.WriteString(name, chars[..written]);
    }

    private static void WriteCount(Utf8JsonWriter writer, JsonEncodedText name, uint count)
    {
        if (count != 0)
        {
            writer.WriteNumber(name, count);
        }
    }

    private static void WriteNonEmpty(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }
}
