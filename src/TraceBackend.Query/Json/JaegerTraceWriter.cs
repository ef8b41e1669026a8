using System.Text.Json;
using TraceBackend.Model;

namespace TraceBackend.Query.Json;

/// <summary>
/// Renders a <see cref="Trace"/> as a Jaeger v1 UI trace object (§1.4) using the OTLP→Jaeger mapping of §1.6.
/// The spans are written in the order given; adjusters (if any) must already have been applied.
/// </summary>
public static class JaegerTraceWriter
{
    public const string RefTypeAttribute = "opentracing.ref_type";

    public static void WriteTrace(Utf8JsonWriter writer, Trace trace)
    {
        var spans = trace.Spans;
        var processes = new ProcessTable();
        var processIndex = new int[spans.Count];
        for (var i = 0; i < spans.Count; i++)
        {
            processIndex[i] = processes.IndexOf(spans[i].Resource);
        }

        var traceIdText = trace.TraceId.ToJaegerString();
        writer.WriteStartObject();
        writer.WriteString(JsonNames.TraceIdV1, traceIdText);
        writer.WriteStartArray(JsonNames.Spans);
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            WriteSpan(writer, span, span.TraceId == trace.TraceId ? traceIdText : span.TraceId.ToJaegerString(), ProcessTable.Key(processIndex[i]));
        }

        writer.WriteEndArray();
        writer.WriteStartObject(JsonNames.Processes);
        for (var i = 0; i < processes.Processes.Count; i++)
        {
            writer.WritePropertyName(ProcessTable.Key(i));
            WriteProcess(writer, processes.Processes[i]);
        }

        writer.WriteEndObject();
        writer.WriteNull(JsonNames.Warnings);
        writer.WriteEndObject();
    }

    private static void WriteProcess(Utf8JsonWriter writer, Resource resource)
    {
        writer.WriteStartObject();
        writer.WriteString(JsonNames.ServiceName, resource.ServiceName);
        writer.WriteStartArray(JsonNames.Tags);
        foreach (var kv in resource.Attributes)
        {
            if (ProcessTable.IsProcessTag(kv))
            {
                JaegerKeyValueJson.Write(writer, kv.Key, kv.Value);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter writer, Span span, string traceIdText, string processKey)
    {
        writer.WriteStartObject();
        writer.WriteString(JsonNames.TraceIdV1, traceIdText);
        WriteHex16(writer, JsonNames.SpanIdV1, span.SpanId.Value);
        // Jaeger's flags for OTLP data are the W3C trace flags: the low 8 bits of OTLP flags (bits 8-9 are the
        // "is remote" markers, meaningless to the UI).
        var traceFlags = span.Flags & 0xFF;
        if (traceFlags != 0)
        {
            writer.WriteNumber(JsonNames.Flags, traceFlags);
        }

        writer.WriteString(JsonNames.OperationName, span.Name);
        WriteReferences(writer, span, traceIdText);
        writer.WriteNumber(JsonNames.StartTime, span.StartTimeMicros);
        writer.WriteNumber(JsonNames.Duration, span.DurationMicros);
        WriteTags(writer, span);
        WriteLogs(writer, span);
        writer.WriteString(JsonNames.ProcessId, processKey);
        if (span.Warnings.IsDefaultOrEmpty)
        {
            writer.WriteNull(JsonNames.Warnings);
        }
        else
        {
            writer.WriteStartArray(JsonNames.Warnings);
            foreach (var warning in span.Warnings)
            {
                writer.WriteStringValue(warning);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Parent first as CHILD_OF; then one reference per link (FOLLOWS_FROM unless the link says
    /// <c>opentracing.ref_type=child_of</c>). A link to the parent span only sets the parent reference's type.
    /// </summary>
    private static void WriteReferences(Utf8JsonWriter writer, Span span, string traceIdText)
    {
        writer.WriteStartArray(JsonNames.References);
        var hasParent = !span.ParentSpanId.IsEmpty;
        if (hasParent)
        {
            var parentType = JsonNames.ChildOf;
            foreach (var link in span.Links)
            {
                if (link.TraceId == span.TraceId && link.SpanId == span.ParentSpanId)
                {
                    parentType = RefType(link);
                }
            }

            WriteReference(writer, parentType, traceIdText, span.ParentSpanId);
        }

        foreach (var link in span.Links)
        {
            if (hasParent && link.TraceId == span.TraceId && link.SpanId == span.ParentSpanId)
            {
                continue;
            }

            WriteReference(writer, RefType(link), link.TraceId == span.TraceId ? traceIdText : link.TraceId.ToJaegerString(), link.SpanId);
        }

        writer.WriteEndArray();
    }

    private static JsonEncodedText RefType(SpanLink link)
    {
        foreach (var kv in link.Attributes)
        {
            if (kv.Key == RefTypeAttribute)
            {
                return kv.Value.Type == AttributeType.String && kv.Value.AsString == "child_of" ? JsonNames.ChildOf : JsonNames.FollowsFrom;
            }
        }

        return JsonNames.FollowsFrom;
    }

    private static void WriteReference(Utf8JsonWriter writer, JsonEncodedText refType, string traceIdText, SpanId spanId)
    {
        writer.WriteStartObject();
        writer.WriteString(JsonNames.RefType, refType);
        writer.WriteString(JsonNames.TraceIdV1, traceIdText);
        WriteHex16(writer, JsonNames.SpanIdV1, spanId.Value);
        writer.WriteEndObject();
    }

    /// <summary>Tag order as Jaeger produces it: scope, attributes, kind, status, error, description, tracestate.</summary>
    private static void WriteTags(Utf8JsonWriter writer, Span span)
    {
        writer.WriteStartArray(JsonNames.Tags);
        if (span.Scope.Name.Length > 0)
        {
            JaegerKeyValueJson.WriteString(writer, "otel.scope.name", span.Scope.Name);
        }

        if (span.Scope.Version.Length > 0)
        {
            JaegerKeyValueJson.WriteString(writer, "otel.scope.version", span.Scope.Version);
        }

        foreach (var kv in span.Attributes)
        {
            JaegerKeyValueJson.Write(writer, kv.Key, kv.Value);
        }

        if (span.Kind != SpanKind.Unspecified)
        {
            JaegerKeyValueJson.WriteString(writer, "span.kind", SpanKindNames.ToJaeger(span.Kind));
        }

        switch (span.Status.Code)
        {
            case StatusCode.Ok:
                JaegerKeyValueJson.WriteString(writer, "otel.status_code", "OK");
                break;
            case StatusCode.Error:
                JaegerKeyValueJson.WriteString(writer, "otel.status_code", "ERROR");
                JaegerKeyValueJson.Write(writer, "error", AttributeValue.Bool(true));
                break;
        }

        if (!string.IsNullOrEmpty(span.Status.Message))
        {
            JaegerKeyValueJson.WriteString(writer, "otel.status_description", span.Status.Message);
        }

        if (span.TraceState.Length > 0)
        {
            JaegerKeyValueJson.WriteString(writer, "w3c.tracestate", span.TraceState);
        }

        WriteCount(writer, "otel.dropped_attributes_count", span.DroppedAttributesCount);
        WriteCount(writer, "otel.dropped_events_count", span.DroppedEventsCount);
        WriteCount(writer, "otel.dropped_links_count", span.DroppedLinksCount);
        writer.WriteEndArray();
    }

    private static void WriteCount(Utf8JsonWriter writer, string key, uint count)
    {
        if (count > 0)
        {
            JaegerKeyValueJson.Write(writer, key, AttributeValue.Int(count));
        }
    }

    /// <summary>One log per event; a named event without an <c>event</c> attribute gets <c>event</c> = name first.</summary>
    private static void WriteLogs(Utf8JsonWriter writer, Span span)
    {
        writer.WriteStartArray(JsonNames.Logs);
        foreach (var e in span.Events)
        {
            writer.WriteStartObject();
            writer.WriteNumber(JsonNames.Timestamp, (long)(e.TimeUnixNano / 1000));
            writer.WriteStartArray(JsonNames.Fields);
            if (e.Name.Length > 0 && !HasKey(e.Attributes, "event"))
            {
                JaegerKeyValueJson.WriteString(writer, "event", e.Name);
            }

            foreach (var kv in e.Attributes)
            {
                JaegerKeyValueJson.Write(writer, kv.Key, kv.Value);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static bool HasKey(System.Collections.Immutable.ImmutableArray<KeyValue> attributes, string key)
    {
        foreach (var kv in attributes)
        {
            if (kv.Key == key)
            {
                return true;
            }
        }

        return false;
    }

    internal static void WriteHex16(Utf8JsonWriter writer, JsonEncodedText name, ulong value)
    {
        Span<char> chars = stackalloc char[16];
        HexFormat.WriteUInt64(chars, value);
        writer.WriteString(name, chars);
    }
}
