using System.Text.Json;
using TraceBackend.JaegerModel;
using TraceBackend.Model;

namespace TraceBackend.Query.Json;

/// <summary>
/// Renders a <see cref="Trace"/> as a Jaeger v1 UI trace object (§1.4) using the OTLP→Jaeger mapping of §1.6.
/// The spans are written in the order given; adjusters (if any) must already have been applied.
/// </summary>
public static class JaegerTraceWriter
{
    public const string RefTypeAttribute = JaegerSpanMapping.RefTypeAttribute;

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
            if (JaegerSpanMapping.IsProcessTag(kv))
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
        var traceFlags = JaegerSpanMapping.Flags(span);
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

    /// <summary>References as <see cref="JaegerSpanMapping.References"/> orders and types them.</summary>
    private static void WriteReferences(Utf8JsonWriter writer, Span span, string traceIdText)
    {
        writer.WriteStartArray(JsonNames.References);
        var sink = new ReferenceSink(writer, span.TraceId, traceIdText);
        JaegerSpanMapping.References(span, ref sink);
        writer.WriteEndArray();
    }

    /// <summary>Tags as <see cref="JaegerSpanMapping.Tags"/> produces them.</summary>
    private static void WriteTags(Utf8JsonWriter writer, Span span)
    {
        writer.WriteStartArray(JsonNames.Tags);
        var sink = new KeyValueSink(writer);
        JaegerSpanMapping.Tags(span, ref sink);
        writer.WriteEndArray();
    }

    /// <summary>One log per event, fields as <see cref="JaegerSpanMapping.LogFields"/> produces them.</summary>
    private static void WriteLogs(Utf8JsonWriter writer, Span span)
    {
        writer.WriteStartArray(JsonNames.Logs);
        var sink = new KeyValueSink(writer);
        foreach (var e in span.Events)
        {
            writer.WriteStartObject();
            writer.WriteNumber(JsonNames.Timestamp, JaegerSpanMapping.LogTimestampMicros(e));
            writer.WriteStartArray(JsonNames.Fields);
            JaegerSpanMapping.LogFields(e, ref sink);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private readonly struct KeyValueSink(Utf8JsonWriter writer) : IJaegerKeyValueSink
    {
        public void Add(string key, AttributeValue value) => JaegerKeyValueJson.Write(writer, key, value);
    }

    /// <summary>Writes references, reusing the trace's ID text for references within the same trace.</summary>
    private readonly struct ReferenceSink(Utf8JsonWriter writer, TraceId spanTraceId, string spanTraceIdText) : IJaegerReferenceSink
    {
        public void Add(bool childOf, TraceId traceId, SpanId spanId)
        {
            writer.WriteStartObject();
            writer.WriteString(JsonNames.RefType, childOf ? JsonNames.ChildOf : JsonNames.FollowsFrom);
            writer.WriteString(JsonNames.TraceIdV1, traceId == spanTraceId ? spanTraceIdText : traceId.ToJaegerString());
            WriteHex16(writer, JsonNames.SpanIdV1, spanId.Value);
            writer.WriteEndObject();
        }
    }

    internal static void WriteHex16(Utf8JsonWriter writer, JsonEncodedText name, ulong value)
    {
        Span<char> chars = stackalloc char[16];
        HexFormat.WriteUInt64(chars, value);
        writer.WriteString(name, chars);
    }
}
