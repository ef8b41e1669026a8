using System.Globalization;
using System.Text.Json;
using TraceBackend.Model;

namespace TraceBackend.Query.Json;

/// <summary>
/// The standard OTLP/JSON encoding (§1.8): lowerCamelCase names, hex IDs, enums as integers, 64-bit integers as
/// decimal strings, zero and empty fields omitted (except inside <c>AnyValue</c>, a oneof, which is always
/// written), <c>status</c> always present.
/// </summary>
public static class OtlpJsonWriter
{
    /// <summary>Span attribute Jaeger uses to carry span warnings through OTLP.</summary>
    public const string WarningsAttribute = "@jaeger@warnings";

    private static readonly JsonEncodedText s_resourceSpans = JsonEncodedText.Encode("resourceSpans");
    private static readonly JsonEncodedText s_resource = JsonEncodedText.Encode("resource");
    private static readonly JsonEncodedText s_scopeSpans = JsonEncodedText.Encode("scopeSpans");
    private static readonly JsonEncodedText s_scope = JsonEncodedText.Encode("scope");
    private static readonly JsonEncodedText s_spans = JsonEncodedText.Encode("spans");
    private static readonly JsonEncodedText s_attributes = JsonEncodedText.Encode("attributes");
    private static readonly JsonEncodedText s_droppedAttributesCount = JsonEncodedText.Encode("droppedAttributesCount");
    private static readonly JsonEncodedText s_droppedEventsCount = JsonEncodedText.Encode("droppedEventsCount");
    private static readonly JsonEncodedText s_droppedLinksCount = JsonEncodedText.Encode("droppedLinksCount");
    private static readonly JsonEncodedText s_name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText s_version = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText s_traceId = JsonEncodedText.Encode("traceId");
    private static readonly JsonEncodedText s_spanId = JsonEncodedText.Encode("spanId");
    private static readonly JsonEncodedText s_traceState = JsonEncodedText.Encode("traceState");
    private static readonly JsonEncodedText s_parentSpanId = JsonEncodedText.Encode("parentSpanId");
    private static readonly JsonEncodedText s_flags = JsonEncodedText.Encode("flags");
    private static readonly JsonEncodedText s_kind = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText s_startTime = JsonEncodedText.Encode("startTimeUnixNano");
    private static readonly JsonEncodedText s_endTime = JsonEncodedText.Encode("endTimeUnixNano");
    private static readonly JsonEncodedText s_timeUnixNano = JsonEncodedText.Encode("timeUnixNano");
    private static readonly JsonEncodedText s_events = JsonEncodedText.Encode("events");
    private static readonly JsonEncodedText s_links = JsonEncodedText.Encode("links");
    private static readonly JsonEncodedText s_status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText s_message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText s_code = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText s_key = JsonEncodedText.Encode("key");
    private static readonly JsonEncodedText s_value = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText s_values = JsonEncodedText.Encode("values");
    private static readonly JsonEncodedText s_stringValue = JsonEncodedText.Encode("stringValue");
    private static readonly JsonEncodedText s_boolValue = JsonEncodedText.Encode("boolValue");
    private static readonly JsonEncodedText s_intValue = JsonEncodedText.Encode("intValue");
    private static readonly JsonEncodedText s_doubleValue = JsonEncodedText.Encode("doubleValue");
    private static readonly JsonEncodedText s_bytesValue = JsonEncodedText.Encode("bytesValue");
    private static readonly JsonEncodedText s_arrayValue = JsonEncodedText.Encode("arrayValue");
    private static readonly JsonEncodedText s_kvlistValue = JsonEncodedText.Encode("kvlistValue");

    /// <summary>Writes a <c>TracesData</c> object holding all spans of <paramref name="traces"/>.</summary>
    public static void WriteTracesData(Utf8JsonWriter writer, IEnumerable<Trace> traces)
    {
        writer.WriteStartObject();
        var groups = OtlpGrouping.Group(traces);
        if (groups.Count > 0)
        {
            writer.WriteStartArray(s_resourceSpans);
            foreach (var group in groups)
            {
                WriteResourceSpans(writer, group);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteResourceSpans(Utf8JsonWriter writer, OtlpGrouping.ResourceGroup group)
    {
        writer.WriteStartObject();
        writer.WriteStartObject(s_resource);
        WriteAttributes(writer, group.Resource.Attributes);
        WriteCount(writer, s_droppedAttributesCount, group.Resource.DroppedAttributesCount);
        writer.WriteEndObject();
        writer.WriteStartArray(s_scopeSpans);
        foreach (var scopeGroup in group.Scopes)
        {
            writer.WriteStartObject();
            var scope = scopeGroup.Scope;
            writer.WriteStartObject(s_scope);
            WriteNonEmpty(writer, s_name, scope.Name);
            WriteNonEmpty(writer, s_version, scope.Version);
            WriteAttributes(writer, scope.Attributes);
            WriteCount(writer, s_droppedAttributesCount, scope.DroppedAttributesCount);
            writer.WriteEndObject();
            writer.WriteStartArray(s_spans);
            foreach (var span in scopeGroup.Spans)
            {
                WriteSpan(writer, span);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteSpan(Utf8JsonWriter writer, Span span)
    {
        writer.WriteStartObject();
        WriteTraceId(writer, s_traceId, span.TraceId);
        JaegerTraceWriter.WriteHex16(writer, s_spanId, span.SpanId.Value);
        WriteNonEmpty(writer, s_traceState, span.TraceState);
        if (!span.ParentSpanId.IsEmpty)
        {
            JaegerTraceWriter.WriteHex16(writer, s_parentSpanId, span.ParentSpanId.Value);
        }

        WriteCount(writer, s_flags, span.Flags);
        WriteNonEmpty(writer, s_name, span.Name);
        if (span.Kind != SpanKind.Unspecified)
        {
            writer.WriteNumber(s_kind, (int)span.Kind);
        }

        WriteNanos(writer, s_startTime, span.StartTimeUnixNano);
        WriteNanos(writer, s_endTime, span.EndTimeUnixNano);
        if (span.Attributes.Length > 0 || span.Warnings.Length > 0)
        {
            writer.WriteStartArray(s_attributes);
            foreach (var kv in span.Attributes)
            {
                WriteKeyValue(writer, kv.Key, kv.Value);
            }

            if (span.Warnings.Length > 0)
            {
                WriteKeyValue(writer, WarningsAttribute, AttributeValue.Array([.. span.Warnings.Select(AttributeValue.String)]));
            }

            writer.WriteEndArray();
        }

        WriteCount(writer, s_droppedAttributesCount, span.DroppedAttributesCount);
        if (span.Events.Length > 0)
        {
            writer.WriteStartArray(s_events);
            foreach (var e in span.Events)
            {
                writer.WriteStartObject();
                WriteNanos(writer, s_timeUnixNano, e.TimeUnixNano);
                WriteNonEmpty(writer, s_name, e.Name);
                WriteAttributes(writer, e.Attributes);
                WriteCount(writer, s_droppedAttributesCount, e.DroppedAttributesCount);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteCount(writer, s_droppedEventsCount, span.DroppedEventsCount);
        if (span.Links.Length > 0)
        {
            writer.WriteStartArray(s_links);
            foreach (var link in span.Links)
            {
                writer.WriteStartObject();
                WriteTraceId(writer, s_traceId, link.TraceId);
                JaegerTraceWriter.WriteHex16(writer, s_spanId, link.SpanId.Value);
                WriteNonEmpty(writer, s_traceState, link.TraceState);
                WriteAttributes(writer, link.Attributes);
                WriteCount(writer, s_droppedAttributesCount, link.DroppedAttributesCount);
                WriteCount(writer, s_flags, link.Flags);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteCount(writer, s_droppedLinksCount, span.DroppedLinksCount);
        writer.WriteStartObject(s_status);
        WriteNonEmpty(writer, s_message, span.Status.Message);
        if (span.Status.Code != StatusCode.Unset)
        {
            writer.WriteNumber(s_code, (int)span.Status.Code);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

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
