using System.Text.Json;
using TraceBackend.Model;

namespace TraceBackend.Query.Json;

/// <summary>
/// The standard OTLP/JSON encoding (§1.8): lowerCamelCase names, hex IDs, enums as integers, 64-bit integers as
/// decimal strings, zero and empty fields omitted (except inside <c>AnyValue</c>, a oneof, which is always
/// written), <c>status</c> always present.
/// </summary>
public static partial class OtlpJsonWriter
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
        // With a callback that never suspends, the async writer completes synchronously: this is not sync-over-async.
        var done = WriteTracesDataAsync(writer, traces, static () => ValueTask.CompletedTask);
        System.Diagnostics.Debug.Assert(done.IsCompleted, "the writer suspends only in its callback");
        done.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Writes the same <c>TracesData</c> as <see cref="WriteTracesData"/>, awaiting <paramref name="betweenItems"/>
    /// after every span and every <c>resourceSpans</c> item — points where the writer holds no partial value — so the
    /// caller can flush and a large result streams instead of being buffered whole.
    /// </summary>
    public static async ValueTask WriteTracesDataAsync(Utf8JsonWriter writer, IEnumerable<Trace> traces, Func<ValueTask> betweenItems)
    {
        writer.WriteStartObject();
        var groups = OtlpGrouping.Group(traces);
        if (groups.Count > 0)
        {
            writer.WriteStartArray(s_resourceSpans);
            foreach (var group in groups)
            {
                await WriteResourceSpansAsync(writer, group, betweenItems);
                await betweenItems();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static async ValueTask WriteResourceSpansAsync(Utf8JsonWriter writer, OtlpGrouping.ResourceGroup group, Func<ValueTask> betweenItems)
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
                await betweenItems();
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
}
