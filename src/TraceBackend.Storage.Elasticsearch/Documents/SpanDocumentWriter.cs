using System.Text.Json;
using TraceBackend.JaegerModel;
using TraceBackend.Model;

namespace TraceBackend.Storage.Elasticsearch.Documents;

/// <summary>
/// Writes a span as Jaeger's span document (reference §4.3) through the shared OTLP → Jaeger mapping
/// (<see cref="JaegerSpanMapping"/>): <c>traceID</c> always 32 hex (Jaeger v2's native writer), <c>parentSpanID</c>
/// when there is a parent, and the parent also as the first CHILD_OF reference (so readers older than Jaeger v2.20,
/// which take the parent from the references, see it too). Tag values are strings (<see cref="TagValues"/>); tags
/// chosen by <see cref="TagFieldPolicy"/> go to the <c>tag</c> / <c>process.tag</c> objects instead of the nested lists.
/// Not thread-safe (it reuses a tag buffer): one per writing thread.
/// </summary>
internal sealed class SpanDocumentWriter
{
    private readonly TagFieldPolicy _policy;
    private readonly List<KeyValue> _tags = [];

    public SpanDocumentWriter(TagFieldPolicy policy) => _policy = policy;

    public void Write(Utf8JsonWriter writer, Span span)
    {
        writer.WriteStartObject();
        writer.WriteString("traceID", span.TraceId.ToHex32());
        writer.WriteString("spanID", span.SpanId.ToHex());
        if (!span.ParentSpanId.IsEmpty)
        {
            writer.WriteString("parentSpanID", span.ParentSpanId.ToHex());
        }

        var flags = JaegerSpanMapping.Flags(span);
        if (flags != 0)
        {
            writer.WriteNumber("flags", flags);
        }

        writer.WriteString("operationName", span.Name);
        writer.WriteStartArray("references");
        var references = new ReferenceWriter(writer);
        JaegerSpanMapping.References(span, ref references);
        writer.WriteEndArray();

        var startMicros = span.StartTimeMicros;
        writer.WriteNumber("startTime", startMicros);
        writer.WriteNumber("startTimeMillis", startMicros / 1000);
        writer.WriteNumber("duration", span.DurationMicros);

        _tags.Clear();
        var sink = new ListSink(_tags);
        JaegerSpanMapping.Tags(span, ref sink);
        WriteTags(writer, "tags", "tag", _tags);

        writer.WriteStartArray("logs");
        foreach (var spanEvent in span.Events)
        {
            writer.WriteStartObject();
            writer.WriteNumber("timestamp", JaegerSpanMapping.LogTimestampMicros(spanEvent));
            _tags.Clear();
            JaegerSpanMapping.LogFields(spanEvent, ref sink);
            WriteNested(writer, "fields", _tags, elevate: false);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartObject("process");
        writer.WriteString("serviceName", span.ServiceName);
        _tags.Clear();
        foreach (var kv in span.Resource.Attributes)
        {
            if (JaegerSpanMapping.IsProcessTag(kv))
            {
                _tags.Add(kv);
            }
        }

        WriteTags(writer, "tags", "tag", _tags);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The nested list (always written, possibly empty) and, when some tag is elevated, the object of fields.</summary>
    private void WriteTags(Utf8JsonWriter writer, string nestedName, string objectName, List<KeyValue> tags)
    {
        WriteNested(writer, nestedName, tags, elevate: true);
        if (!_policy.ElevatesAny)
        {
            return;
        }

        var started = false;
        foreach (var kv in tags)
        {
            if (_policy.Elevates(kv.Key, kv.Value.Type))
            {
                if (!started)
                {
                    writer.WriteStartObject(objectName);
                    started = true;
                }

                TagValues.WriteFieldValue(writer, _policy.ToFieldName(kv.Key), kv.Value);
            }
        }

        if (started)
        {
            writer.WriteEndObject();
        }
    }

    private void WriteNested(Utf8JsonWriter writer, string name, List<KeyValue> tags, bool elevate)
    {
        writer.WriteStartArray(name);
        foreach (var kv in tags)
        {
            if (elevate && _policy.Elevates(kv.Key, kv.Value.Type))
            {
                continue;
            }

            var (type, value) = TagValues.Encode(kv.Value);
            writer.WriteStartObject();
            writer.WriteString("key", kv.Key);
            writer.WriteString("type", type);
            writer.WriteString("value", value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private readonly struct ListSink(List<KeyValue> list) : IJaegerKeyValueSink
    {
        public void Add(string key, AttributeValue value) => list.Add(new KeyValue(key, value));
    }

    private readonly struct ReferenceWriter(Utf8JsonWriter writer) : IJaegerReferenceSink
    {
        public void Add(bool childOf, TraceId traceId, SpanId spanId)
        {
            writer.WriteStartObject();
            writer.WriteString("refType", childOf ? "CHILD_OF" : "FOLLOWS_FROM");
            writer.WriteString("traceID", traceId.ToHex32());
            writer.WriteString("spanID", spanId.ToHex());
            writer.WriteEndObject();
        }
    }
}
