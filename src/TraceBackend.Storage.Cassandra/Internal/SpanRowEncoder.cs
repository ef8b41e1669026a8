using TraceBackend.JaegerModel;
using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// Span → <c>traces</c> row, with the OTLP → Jaeger mapping of <see cref="JaegerSpanMapping"/> (what Jaeger's query
/// API shows for the span): tags in Jaeger's order followed by one <c>$$span.warning.N</c> string tag per warning,
/// logs from events, references (parent CHILD_OF first, then links), flags, the process from the resource
/// (<c>service.name</c> → service name, every other attribute → process tag). <c>parent_id</c> carries the parent span
/// ID as Jaeger v2 writes it. Stateless and thread-safe.
/// </summary>
internal static class SpanRowEncoder
{
    public static SpanRow Encode(Span span)
    {
        ArgumentNullException.ThrowIfNull(span);
        var tags = new TagSink(new List<DbKeyValue>(span.Attributes.Length + 6 + span.Warnings.Length));
        JaegerSpanMapping.Tags(span, ref tags);
        for (var i = 0; i < span.Warnings.Length; i++)
        {
            tags.Items.Add(new DbKeyValue(DbValueTypes.WarningTagPrefix + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), DbValueTypes.String, ValueString: span.Warnings[i]));
        }

        var refs = new RefSink(new List<DbSpanRef>(span.Links.Length + 1));
        JaegerSpanMapping.References(span, ref refs);

        var row = new SpanRow
        {
            TraceId = span.TraceId,
            SpanId = unchecked((long)span.SpanId.Value),
            SpanHash = 0,
            ParentId = unchecked((long)span.ParentSpanId.Value),
            OperationName = span.Name,
            Flags = unchecked((int)JaegerSpanMapping.Flags(span)),
            StartTime = span.StartTimeMicros,
            Duration = span.DurationMicros,
            Tags = tags.Items,
            Logs = EncodeLogs(span),
            Refs = refs.Items,
            Process = EncodeProcess(span.Resource),
        };
        return row with { SpanHash = SpanHash.Compute(row) };
    }

    /// <summary>
    /// The process of a resource, as Jaeger v2 writes it: the <c>service.name</c> attribute's string form (or
    /// <c>OTLPResourceNoServiceName</c> when there is none) and every other attribute as a tag.
    /// </summary>
    public static DbProcess EncodeProcess(Resource resource)
    {
        var serviceName = DbValueTypes.NoServiceName;
        var tags = new List<DbKeyValue>(resource.Attributes.Length);
        var serviceSeen = false;
        foreach (var kv in resource.Attributes)
        {
            if (JaegerSpanMapping.IsProcessTag(kv))
            {
                tags.Add(DbKeyValue.From(kv.Key, kv.Value));
            }
            else if (!serviceSeen)
            {
                serviceSeen = true;
                serviceName = kv.Value.ToString();
            }
        }

        return new DbProcess(serviceName, tags);
    }

    private static IReadOnlyList<DbLog> EncodeLogs(Span span)
    {
        if (span.Events.IsEmpty)
        {
            return [];
        }

        var logs = new List<DbLog>(span.Events.Length);
        foreach (var e in span.Events)
        {
            var fields = new TagSink(new List<DbKeyValue>(e.Attributes.Length + 1));
            JaegerSpanMapping.LogFields(e, ref fields);
            logs.Add(new DbLog(JaegerSpanMapping.LogTimestampMicros(e), fields.Items));
        }

        return logs;
    }

    private readonly struct TagSink(List<DbKeyValue> items) : IJaegerKeyValueSink
    {
        public List<DbKeyValue> Items { get; } = items;

        public void Add(string key, AttributeValue value) => Items.Add(DbKeyValue.From(key, value));
    }

    private readonly struct RefSink(List<DbSpanRef> items) : IJaegerReferenceSink
    {
        public List<DbSpanRef> Items { get; } = items;

        public void Add(bool childOf, TraceId traceId, SpanId spanId) =>
            Items.Add(new DbSpanRef(childOf ? DbValueTypes.ChildOf : DbValueTypes.FollowsFrom, traceId.ToBytes(), unchecked((long)spanId.Value)));
    }
}
