using System.Text.Json;
using TraceBackend.JaegerModel;
using TraceBackend.Model;

namespace TraceBackend.Storage.Elasticsearch.Documents;

/// <summary>
/// Reads span documents written by any Jaeger version or by this store (reference §4.3) into model spans, through the
/// shared Jaeger → OTLP mapping (<see cref="JaegerSpanMapper"/>, which also applies the ingest sanitizers):
/// <list type="bullet">
/// <item><c>traceID</c> of 32 or 16 hex digits, or with leading zeros trimmed (data older than Jaeger 1.16).</item>
/// <item>Parent: <c>parentSpanID</c> when present, else the first same-trace CHILD_OF reference.</item>
/// <item>Nested tag values as strings or typed JSON (<see cref="TagValues.Decode"/>); the <c>tag</c> and
/// <c>process.tag</c> objects merged back after the nested tags, with dots restored in their keys.</item>
/// <item>Times in µs: end = start + duration (at least start + 1 ns).</item>
/// </list>
/// One instance per read (the mapper shares equal resources and scopes between the spans it maps); not thread-safe.
/// </summary>
internal sealed class SpanDocumentReader
{
    private readonly TagFieldPolicy _policy;
    private readonly JaegerSpanMapper _mapper = new();
    private readonly JaegerSpanInput _input = new();
    private readonly List<KeyValue> _processTags = [];

    public SpanDocumentReader(TagFieldPolicy policy) => _policy = policy;

    /// <summary>Maps one <c>_source</c>; false with a reason when it has no valid trace or span ID.</summary>
    public bool TryRead(JsonElement source, out Span? span, out string? error)
    {
        span = null;
        error = null;
        if (source.ValueKind != JsonValueKind.Object)
        {
            error = "the document is not an object";
            return false;
        }

        var input = _input;
        input.Clear();
        if (!TraceId.TryParse(GetString(source, "traceID"), out var traceId))
        {
            error = $"invalid traceID '{GetString(source, "traceID")}'";
            return false;
        }

        if (!SpanId.TryParse(GetString(source, "spanID"), out var spanId))
        {
            error = $"invalid spanID '{GetString(source, "spanID")}'";
            return false;
        }

        input.TraceId = traceId;
        input.SpanId = spanId;
        if (SpanId.TryParse(GetString(source, "parentSpanID"), out var parent))
        {
            input.ParentSpanId = parent;
        }

        input.OperationName = GetString(source, "operationName") ?? "";
        input.Flags = (uint)GetInt64(source, "flags");
        var start = Math.Max(GetInt64(source, "startTime"), 0);
        var duration = Math.Max(GetInt64(source, "duration"), 0);
        input.StartTimeUnixNano = MicrosToNanos(start);
        // A 0 µs duration (an instant span, or one shorter than the µs the layout keeps) reads as 1 ns, the shortest
        // valid span, rather than tripping the ingest sanitizer's end-time warning on every read.
        input.EndTimeUnixNano = Math.Max(MicrosToNanos(start + duration), input.StartTimeUnixNano + 1);
        ReadReferences(source, input);
        ReadTags(source, "tags", "tag", input.Tags);
        ReadLogs(source, input);

        var hasProcess = source.TryGetProperty("process", out var process) && process.ValueKind == JsonValueKind.Object;
        _processTags.Clear();
        var serviceName = "";
        if (hasProcess)
        {
            serviceName = GetString(process, "serviceName") ?? "";
            ReadTags(process, "tags", "tag", _processTags);
        }

        var resource = _mapper.MapResource(hasProcess, serviceName, _processTags, out var resourceWarnings);
        span = _mapper.MapSpan(input, resource, resourceWarnings);
        return true;
    }

    private static ulong MicrosToNanos(long micros) => (ulong)micros >= ulong.MaxValue / 1000 ? ulong.MaxValue : (ulong)micros * 1000;

    private static void ReadReferences(JsonElement source, JaegerSpanInput input)
    {
        if (!source.TryGetProperty("references", out var references) || references.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var index = 0;
        foreach (var reference in references.EnumerateArray())
        {
            var refType = GetString(reference, "refType");
            JaegerReferenceType? type = refType switch
            {
                "CHILD_OF" => JaegerReferenceType.ChildOf,
                "FOLLOWS_FROM" => JaegerReferenceType.FollowsFrom,
                _ => null,
            };
            if (type is null || !TraceId.TryParse(GetString(reference, "traceID"), out var traceId)
                || !SpanId.TryParse(GetString(reference, "spanID"), out var spanId))
            {
                input.Warnings.Add($"reference {index} dropped: invalid refType, traceID or spanID in {reference.GetRawText()}");
            }
            else
            {
                input.References.Add(new JaegerReference(type.Value, traceId, spanId));
            }

            index++;
        }
    }

    private static void ReadLogs(JsonElement source, JaegerSpanInput input)
    {
        if (!source.TryGetProperty("logs", out var logs) || logs.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var log in logs.EnumerateArray())
        {
            var fields = new List<KeyValue>();
            ReadNested(log, "fields", fields);
            input.Logs.Add(new JaegerLog(MicrosToNanos(Math.Max(GetInt64(log, "timestamp"), 0)), fields));
        }
    }

    /// <summary>The nested list, then the elevated fields of <paramref name="objectName"/> (keys with dots restored).</summary>
    private void ReadTags(JsonElement owner, string nestedName, string objectName, List<KeyValue> into)
    {
        ReadNested(owner, nestedName, into);
        if (owner.TryGetProperty(objectName, out var fields) && fields.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in fields.EnumerateObject())
            {
                into.Add(new KeyValue(_policy.FromFieldName(field.Name), TagValues.DecodeField(field.Value)));
            }
        }
    }

    private static void ReadNested(JsonElement owner, string name, List<KeyValue> into)
    {
        if (!owner.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var tag in list.EnumerateArray())
        {
            if (tag.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var key = GetString(tag, "key") ?? "";
            var value = tag.TryGetProperty("value", out var v) ? v : default;
            into.Add(new KeyValue(key, TagValues.Decode(GetString(tag, "type"), value)));
        }
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A number (or a numeric string, as some tools write them); 0 when absent or not a number.</summary>
    private static long GetInt64(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return 0;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetInt64(out var l) ? l : value.TryGetDouble(out var d) && double.IsFinite(d) ? (long)d : 0;
        }

        return value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), out var s) ? s : 0;
    }
}
