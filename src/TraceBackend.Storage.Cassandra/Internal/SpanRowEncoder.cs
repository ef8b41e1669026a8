using System.Buffers;
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
        return Encode(span, EncodeProcess(span.Resource));
    }

    /// <summary>
    /// The row of <paramref name="span"/> with <paramref name="process"/>, which must be
    /// <see cref="EncodeProcess"/> of the span's resource (encoded once and shared by the spans of one resource).
    /// </summary>
    public static SpanRow Encode(Span span, DbProcess process)
    {
        var content = Content(span, process);
        return content.ToRow(SpanHash.Compute(in content));
    }

    /// <summary>
    /// The rows of <paramref name="spans"/>, <paramref name="processes"/>[i] being <see cref="EncodeProcess"/> of
    /// span i's resource, into <paramref name="rows"/>: as <see cref="Encode(Span, DbProcess)"/> one by one, with the
    /// hashes computed together (<see cref="SpanHash.Compute(ReadOnlySpan{SpanRowContent}, Span{long})"/>).
    /// </summary>
    public static void Encode(IReadOnlyList<Span> spans, IReadOnlyList<DbProcess> processes, SpanRow[] rows)
    {
        if (processes.Count != spans.Count || rows.Length != spans.Count)
        {
            throw new ArgumentException($"{spans.Count} spans, {processes.Count} processes, {rows.Length} rows: the counts must be equal");
        }

        var contents = ArrayPool<SpanRowContent>.Shared.Rent(spans.Count);
        var hashes = ArrayPool<long>.Shared.Rent(spans.Count);
        try
        {
            for (var i = 0; i < spans.Count; i++)
            {
                contents[i] = Content(spans[i], processes[i]);
            }

            SpanHash.Compute(contents.AsSpan(0, spans.Count), hashes.AsSpan(0, spans.Count));
            for (var i = 0; i < spans.Count; i++)
            {
                rows[i] = contents[i].ToRow(hashes[i]);
            }
        }
        finally
        {
            ArrayPool<SpanRowContent>.Shared.Return(contents, clearArray: true);
            ArrayPool<long>.Shared.Return(hashes);
        }
    }

    private static SpanRowContent Content(Span span, DbProcess process)
    {
        ArgumentNullException.ThrowIfNull(span);
        ArgumentNullException.ThrowIfNull(process);
        var tags = new TagSink(new List<DbKeyValue>(span.Attributes.Length + 6 + span.Warnings.Length));
        JaegerSpanMapping.Tags(span, ref tags);
        for (var i = 0; i < span.Warnings.Length; i++)
        {
            tags.Items.Add(new DbKeyValue(DbValueTypes.WarningTagPrefix + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), DbValueTypes.String, ValueString: span.Warnings[i]));
        }

        var refs = new RefSink(new List<DbSpanRef>(span.Links.Length + 1));
        JaegerSpanMapping.References(span, ref refs);
        return new SpanRowContent(
            span.TraceId,
            unchecked((long)span.SpanId.Value),
            unchecked((long)span.ParentSpanId.Value),
            span.Name,
            unchecked((int)JaegerSpanMapping.Flags(span)),
            span.StartTimeMicros,
            span.DurationMicros,
            tags.Items,
            EncodeLogs(span),
            refs.Items,
            process);
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
