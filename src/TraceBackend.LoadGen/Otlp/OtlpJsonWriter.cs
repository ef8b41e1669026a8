using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace TraceBackend.LoadGen.Otlp;

/// <summary>
/// OTLP/JSON encoding of <see cref="ExportTraceServiceRequest"/> (OTLP spec, "JSON Protobuf Encoding"):
/// lowerCamelCase field names; trace and span IDs as lower-case hex (not base64); other bytes as base64;
/// enums as integers; 64-bit integers as decimal strings; fields at their proto3 default are omitted;
/// non-finite doubles as "NaN"/"Infinity"/"-Infinity".
/// </summary>
public static class OtlpJsonWriter
{
    public static byte[] Serialize(ExportTraceServiceRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, request);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, ExportTraceServiceRequest request)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("resourceSpans"u8);
        foreach (var resourceSpans in request.ResourceSpans)
        {
            writer.WriteStartObject();
            if (resourceSpans.Resource is { } resource)
            {
                writer.WriteStartObject("resource"u8);
                WriteAttributes(writer, resource.Attributes);
                WriteCount(writer, "droppedAttributesCount"u8, resource.DroppedAttributesCount);
                writer.WriteEndObject();
            }

            writer.WriteStartArray("scopeSpans"u8);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                WriteScopeSpans(writer, scopeSpans);
            }

            writer.WriteEndArray();
            WriteString(writer, "schemaUrl"u8, resourceSpans.SchemaUrl);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteScopeSpans(Utf8JsonWriter writer, ScopeSpans scopeSpans)
    {
        writer.WriteStartObject();
        if (scopeSpans.Scope is { } scope)
        {
            writer.WriteStartObject("scope"u8);
            WriteString(writer, "name"u8, scope.Name);
            WriteString(writer, "version"u8, scope.Version);
            WriteAttributes(writer, scope.Attributes);
            WriteCount(writer, "droppedAttributesCount"u8, scope.DroppedAttributesCount);
            writer.WriteEndObject();
        }

        writer.WriteStartArray("spans"u8);
        foreach (var span in scopeSpans.Spans)
        {
            WriteSpan(writer, span);
        }

        writer.WriteEndArray();
        WriteString(writer, "schemaUrl"u8, scopeSpans.SchemaUrl);
        writer.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter writer, ProtoSpan span)
    {
        writer.WriteStartObject();
        WriteHex(writer, "traceId"u8, span.TraceId);
        WriteHex(writer, "spanId"u8, span.SpanId);
        WriteString(writer, "traceState"u8, span.TraceState);
        WriteHex(writer, "parentSpanId"u8, span.ParentSpanId);
        WriteCount(writer, "flags"u8, span.Flags);
        WriteString(writer, "name"u8, span.Name);
        if (span.Kind != ProtoSpan.Types.SpanKind.Unspecified)
        {
            writer.WriteNumber("kind"u8, (int)span.Kind);
        }

        WriteUInt64(writer, "startTimeUnixNano"u8, span.StartTimeUnixNano);
        WriteUInt64(writer, "endTimeUnixNano"u8, span.EndTimeUnixNano);
        WriteAttributes(writer, span.Attributes);
        WriteCount(writer, "droppedAttributesCount"u8, span.DroppedAttributesCount);
        if (span.Events.Count > 0)
        {
            writer.WriteStartArray("events"u8);
            foreach (var evt in span.Events)
            {
                writer.WriteStartObject();
                WriteUInt64(writer, "timeUnixNano"u8, evt.TimeUnixNano);
                WriteString(writer, "name"u8, evt.Name);
                WriteAttributes(writer, evt.Attributes);
                WriteCount(writer, "droppedAttributesCount"u8, evt.DroppedAttributesCount);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteCount(writer, "droppedEventsCount"u8, span.DroppedEventsCount);
        if (span.Links.Count > 0)
        {
            writer.WriteStartArray("links"u8);
            foreach (var link in span.Links)
            {
                writer.WriteStartObject();
                WriteHex(writer, "traceId"u8, link.TraceId);
                WriteHex(writer, "spanId"u8, link.SpanId);
                WriteString(writer, "traceState"u8, link.TraceState);
                WriteAttributes(writer, link.Attributes);
                WriteCount(writer, "droppedAttributesCount"u8, link.DroppedAttributesCount);
                WriteCount(writer, "flags"u8, link.Flags);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteCount(writer, "droppedLinksCount"u8, span.DroppedLinksCount);
        if (span.Status is { } status && (status.Code != Status.Types.StatusCode.Unset || status.Message.Length > 0))
        {
            writer.WriteStartObject("status"u8);
            WriteString(writer, "message"u8, status.Message);
            if (status.Code != Status.Types.StatusCode.Unset)
            {
                writer.WriteNumber("code"u8, (int)status.Code);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter writer, RepeatedField<KeyValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("attributes"u8);
        WriteKeyValues(writer, attributes);
        writer.WriteEndArray();
    }

    private static void WriteKeyValues(Utf8JsonWriter writer, RepeatedField<KeyValue> values)
    {
        foreach (var kv in values)
        {
            writer.WriteStartObject();
            writer.WriteString("key"u8, kv.Key);
            if (kv.Value is { } value)
            {
                writer.WritePropertyName("value"u8);
                WriteAnyValue(writer, value);
            }

            writer.WriteEndObject();
        }
    }

    private static void WriteAnyValue(Utf8JsonWriter writer, AnyValue value)
    {
        writer.WriteStartObject();
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                writer.WriteString("stringValue"u8, value.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                writer.WriteBoolean("boolValue"u8, value.BoolValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                writer.WriteString("intValue"u8, value.IntValue.ToString(CultureInfo.InvariantCulture));
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                WriteDouble(writer, value.DoubleValue);
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                writer.WriteBase64String("bytesValue"u8, value.BytesValue.Span);
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                writer.WriteStartObject("arrayValue"u8);
                writer.WriteStartArray("values"u8);
                foreach (var item in value.ArrayValue.Values)
                {
                    WriteAnyValue(writer, item);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                writer.WriteStartObject("kvlistValue"u8);
                writer.WriteStartArray("values"u8);
                WriteKeyValues(writer, value.KvlistValue.Values);
                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber("doubleValue"u8, value);
        }
        else
        {
            writer.WriteString("doubleValue"u8, double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteHex(Utf8JsonWriter writer, ReadOnlySpan<byte> name, ByteString bytes)
    {
        if (bytes.Length > 0)
        {
            writer.WriteString(name, Convert.ToHexStringLower(bytes.Span));
        }
    }

    private static void WriteString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string value)
    {
        if (value.Length > 0)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteCount(Utf8JsonWriter writer, ReadOnlySpan<byte> name, uint value)
    {
        if (value != 0)
        {
            writer.WriteNumber(name, value);
        }
    }

    private static void WriteUInt64(Utf8JsonWriter writer, ReadOnlySpan<byte> name, ulong value)
    {
        if (value != 0)
        {
            writer.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        }
    }
}
