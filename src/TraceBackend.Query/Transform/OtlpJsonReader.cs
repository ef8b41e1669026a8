using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using TraceBackend.Model;

namespace TraceBackend.Query.Transform;

/// <summary>
/// Reads OTLP/JSON <c>TracesData</c> (<c>{"resourceSpans":[…]}</c>) into model spans, as protojson would accept
/// it: lowerCamelCase or snake_case field names, hex trace/span IDs, 64-bit integers as strings or numbers, enums
/// as integers or names. Throws <see cref="FormatException"/> describing the first problem.
/// </summary>
public static class OtlpJsonReader
{
    public static List<Span> ReadSpans(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("expected a JSON object");
        }

        var spans = new List<Span>();
        foreach (var rs in Array(root, "resourceSpans", "resource_spans"))
        {
            var resource = Resource.EmptyResource;
            if (Field(rs, "resource") is { ValueKind: JsonValueKind.Object } r)
            {
                resource = new Resource(Attributes(r), UInt32(r, "droppedAttributesCount", "dropped_attributes_count"));
            }

            foreach (var ss in Array(rs, "scopeSpans", "scope_spans"))
            {
                var scope = InstrumentationScope.EmptyScope;
                if (Field(ss, "scope") is { ValueKind: JsonValueKind.Object } sc)
                {
                    scope = new InstrumentationScope(
                        String(sc, "name"), String(sc, "version"), Attributes(sc), UInt32(sc, "droppedAttributesCount", "dropped_attributes_count"));
                }

                foreach (var span in Array(ss, "spans"))
                {
                    spans.Add(ReadSpan(span, resource, scope));
                }
            }
        }

        return spans;
    }

    private static Span ReadSpan(JsonElement s, Resource resource, InstrumentationScope scope)
    {
        var status = Field(s, "status") is { ValueKind: JsonValueKind.Object } st
            ? new SpanStatus((StatusCode)Enum(st, "code", s_statusNames), String(st, "message"))
            : SpanStatus.Unset;
        return new Span
        {
            TraceId = TraceIdField(s),
            SpanId = SpanIdField(s, "spanId", "span_id", required: true),
            ParentSpanId = SpanIdField(s, "parentSpanId", "parent_span_id", required: false),
            TraceState = String(s, "traceState", "trace_state"),
            Flags = UInt32(s, "flags"),
            Name = String(s, "name"),
            Kind = (SpanKind)Enum(s, "kind", s_kindNames),
            StartTimeUnixNano = UInt64(s, "startTimeUnixNano", "start_time_unix_nano"),
            EndTimeUnixNano = UInt64(s, "endTimeUnixNano", "end_time_unix_nano"),
            Attributes = Attributes(s),
            DroppedAttributesCount = UInt32(s, "droppedAttributesCount", "dropped_attributes_count"),
            Events = [.. Array(s, "events").Select(e => new SpanEvent
            {
                TimeUnixNano = UInt64(e, "timeUnixNano", "time_unix_nano"),
                Name = String(e, "name"),
                Attributes = Attributes(e),
                DroppedAttributesCount = UInt32(e, "droppedAttributesCount", "dropped_attributes_count"),
            })],
            DroppedEventsCount = UInt32(s, "droppedEventsCount", "dropped_events_count"),
            Links = [.. Array(s, "links").Select(l => new SpanLink
            {
                TraceId = TraceIdField(l),
                SpanId = SpanIdField(l, "spanId", "span_id", required: true),
                TraceState = String(l, "traceState", "trace_state"),
                Attributes = Attributes(l),
                DroppedAttributesCount = UInt32(l, "droppedAttributesCount", "dropped_attributes_count"),
                Flags = UInt32(l, "flags"),
            })],
            DroppedLinksCount = UInt32(s, "droppedLinksCount", "dropped_links_count"),
            Status = status,
            Resource = resource,
            Scope = scope,
        };
    }

    private static readonly string[] s_kindNames =
        ["SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"];

    private static readonly string[] s_statusNames = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

    private static JsonElement? Field(JsonElement obj, string name, string? alias = null)
    {
        if (obj.TryGetProperty(name, out var value) || (alias is not null && obj.TryGetProperty(alias, out value)))
        {
            return value.ValueKind == JsonValueKind.Null ? null : value;
        }

        return null;
    }

    private static IEnumerable<JsonElement> Array(JsonElement obj, string name, string? alias = null)
    {
        if (Field(obj, name, alias) is not { } value)
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new FormatException($"field {name}: expected an array");
    }

    private static string String(JsonElement obj, string name, string? alias = null) => Field(obj, name, alias) switch
    {
        null => "",
        { ValueKind: JsonValueKind.String } v => v.GetString()!,
        _ => throw new FormatException($"field {name}: expected a string"),
    };

    private static ulong UInt64(JsonElement obj, string name, string alias) => Field(obj, name, alias) switch
    {
        null => 0,
        { ValueKind: JsonValueKind.Number } v when v.TryGetUInt64(out var n) => n,
        { ValueKind: JsonValueKind.String } v when ulong.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => throw new FormatException($"field {name}: expected an unsigned 64-bit integer"),
    };

    private static uint UInt32(JsonElement obj, string name, string? alias = null) => Field(obj, name, alias) switch
    {
        null => 0,
        { ValueKind: JsonValueKind.Number } v when v.TryGetUInt32(out var n) => n,
        _ => throw new FormatException($"field {name}: expected an unsigned 32-bit integer"),
    };

    private static int Enum(JsonElement obj, string name, string[] names)
    {
        switch (Field(obj, name))
        {
            case null:
                return 0;
            case { ValueKind: JsonValueKind.Number } v when v.TryGetInt32(out var n) && n >= 0 && n < names.Length:
                return n;
            case { ValueKind: JsonValueKind.String } v when System.Array.IndexOf(names, v.GetString()) is var i and >= 0:
                return i;
            default:
                throw new FormatException($"field {name}: invalid enum value");
        }
    }

    private static TraceId TraceIdField(JsonElement obj)
    {
        var text = String(obj, "traceId", "trace_id");
        return text.Length == 32 && HexFormat.TryParseHex128(text, out var high, out var low)
            ? new TraceId(high, low)
            : throw new FormatException($"invalid trace ID \"{text}\": expected 32 hex digits");
    }

    private static SpanId SpanIdField(JsonElement obj, string name, string alias, bool required)
    {
        var text = String(obj, name, alias);
        if (text.Length == 0 && !required)
        {
            return default;
        }

        return text.Length == 16 && HexFormat.TryParseHex64(text, out var value)
            ? new SpanId(value)
            : throw new FormatException($"invalid span ID \"{text}\": expected 16 hex digits");
    }

    private static ImmutableArray<KeyValue> Attributes(JsonElement obj, string name = "attributes")
    {
        var builder = ImmutableArray.CreateBuilder<KeyValue>();
        foreach (var kv in Array(obj, name))
        {
            builder.Add(new KeyValue(String(kv, "key"), Field(kv, "value") is { } v ? AnyValue(v) : AttributeValue.Empty));
        }

        return builder.ToImmutable();
    }

    private static AttributeValue AnyValue(JsonElement v)
    {
        if (Field(v, "stringValue", "string_value") is { } s)
        {
            return AttributeValue.String(s.ValueKind == JsonValueKind.String ? s.GetString()! : throw new FormatException("stringValue: expected a string"));
        }

        if (Field(v, "boolValue", "bool_value") is { } b)
        {
            return AttributeValue.Bool(b.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new FormatException("boolValue: expected a bool"),
            });
        }

        if (Field(v, "intValue", "int_value") is { } i)
        {
            return i.ValueKind == JsonValueKind.Number && i.TryGetInt64(out var n)
                || i.ValueKind == JsonValueKind.String && long.TryParse(i.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n)
                ? AttributeValue.Int(n)
                : throw new FormatException("intValue: expected a 64-bit integer");
        }

        if (Field(v, "doubleValue", "double_value") is { } d)
        {
            return AttributeValue.Double(d.ValueKind switch
            {
                JsonValueKind.Number => d.GetDouble(),
                JsonValueKind.String => d.GetString() switch
                {
                    "NaN" => double.NaN,
                    "Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    var text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) => x,
                    _ => throw new FormatException("doubleValue: expected a number"),
                },
                _ => throw new FormatException("doubleValue: expected a number"),
            });
        }

        if (Field(v, "bytesValue", "bytes_value") is { } bytes)
        {
            return bytes.ValueKind == JsonValueKind.String && bytes.TryGetBytesFromBase64(out var data)
                ? AttributeValue.Bytes(data)
                : throw new FormatException("bytesValue: expected base64");
        }

        if (Field(v, "arrayValue", "array_value") is { } array)
        {
            return AttributeValue.Array([.. Array(array, "values").Select(AnyValue)]);
        }

        if (Field(v, "kvlistValue", "kvlist_value") is { } map)
        {
            return AttributeValue.KvList(Attributes(map, "values"));
        }

        return AttributeValue.Empty;
    }
}
