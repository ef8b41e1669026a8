using TraceBackend.Model;

namespace TraceBackend.JaegerModel;

/// <summary>Receives Jaeger key/values (span tags, log fields) in the order the §1.6 mapping produces them.</summary>
internal interface IJaegerKeyValueSink
{
    void Add(string key, AttributeValue value);
}

/// <summary>Receives Jaeger span references in the order the §1.6 mapping produces them.</summary>
internal interface IJaegerReferenceSink
{
    void Add(bool childOf, TraceId traceId, SpanId spanId);
}

/// <summary>
/// The OTLP → Jaeger span mapping of §1.6 (tags, references, log fields, process tags), independent of the output
/// encoding: the v1 JSON writer and the api_v2 protobuf mapping both render what this produces, so they carry the same
/// content. Sinks are generic struct parameters so rendering does not allocate delegates or enumerators.
/// </summary>
internal static class JaegerSpanMapping
{
    public const string RefTypeAttribute = "opentracing.ref_type";

    /// <summary>Tag order as Jaeger produces it: scope, attributes, kind, status, error, description, tracestate, dropped counts.</summary>
    public static void Tags<TSink>(Span span, ref TSink sink)
        where TSink : struct, IJaegerKeyValueSink
    {
        if (span.Scope.Name.Length > 0)
        {
            sink.Add("otel.scope.name", AttributeValue.String(span.Scope.Name));
        }

        if (span.Scope.Version.Length > 0)
        {
            sink.Add("otel.scope.version", AttributeValue.String(span.Scope.Version));
        }

        foreach (var kv in span.Attributes)
        {
            sink.Add(kv.Key, kv.Value);
        }

        if (span.Kind != SpanKind.Unspecified)
        {
            sink.Add("span.kind", AttributeValue.String(SpanKindNames.ToJaeger(span.Kind)));
        }

        switch (span.Status.Code)
        {
            case StatusCode.Ok:
                sink.Add("otel.status_code", AttributeValue.String("OK"));
                break;
            case StatusCode.Error:
                sink.Add("otel.status_code", AttributeValue.String("ERROR"));
                sink.Add("error", AttributeValue.Bool(true));
                break;
        }

        if (!string.IsNullOrEmpty(span.Status.Message))
        {
            sink.Add("otel.status_description", AttributeValue.String(span.Status.Message));
        }

        if (span.TraceState.Length > 0)
        {
            sink.Add("w3c.tracestate", AttributeValue.String(span.TraceState));
        }

        AddCount(ref sink, "otel.dropped_attributes_count", span.DroppedAttributesCount);
        AddCount(ref sink, "otel.dropped_events_count", span.DroppedEventsCount);
        AddCount(ref sink, "otel.dropped_links_count", span.DroppedLinksCount);
    }

    /// <summary>The fields of one log: a named event without an <c>event</c> attribute gets <c>event</c> = name first.</summary>
    public static void LogFields<TSink>(SpanEvent spanEvent, ref TSink sink)
        where TSink : struct, IJaegerKeyValueSink
    {
        if (spanEvent.Name.Length > 0 && !HasKey(spanEvent.Attributes, "event"))
        {
            sink.Add("event", AttributeValue.String(spanEvent.Name));
        }

        foreach (var kv in spanEvent.Attributes)
        {
            sink.Add(kv.Key, kv.Value);
        }
    }

    /// <summary>Log timestamp in µs (truncated), as the v1 JSON carries it.</summary>
    public static long LogTimestampMicros(SpanEvent spanEvent) => (long)(spanEvent.TimeUnixNano / 1000);

    /// <summary>
    /// Parent first as CHILD_OF; then one reference per link (FOLLOWS_FROM unless the link says
    /// <c>opentracing.ref_type=child_of</c>). A link to the parent span only sets the parent reference's type.
    /// </summary>
    public static void References<TSink>(Span span, ref TSink sink)
        where TSink : struct, IJaegerReferenceSink
    {
        var hasParent = !span.ParentSpanId.IsEmpty;
        if (hasParent)
        {
            var parentChildOf = true;
            foreach (var link in span.Links)
            {
                if (link.TraceId == span.TraceId && link.SpanId == span.ParentSpanId)
                {
                    parentChildOf = IsChildOf(link);
                }
            }

            sink.Add(parentChildOf, span.TraceId, span.ParentSpanId);
        }

        foreach (var link in span.Links)
        {
            if (hasParent && link.TraceId == span.TraceId && link.SpanId == span.ParentSpanId)
            {
                continue;
            }

            sink.Add(IsChildOf(link), link.TraceId, link.SpanId);
        }
    }

    /// <summary>Jaeger's span flags for OTLP data: the W3C trace flags (low 8 bits; bits 8-9 are "is remote" markers).</summary>
    public static uint Flags(Span span) => span.Flags & 0xFF;

    /// <summary>True for resource attributes that become process tags (all but <c>service.name</c>).</summary>
    public static bool IsProcessTag(in KeyValue kv) => kv.Key != Resource.ServiceNameKey;

    private static bool IsChildOf(SpanLink link)
    {
        foreach (var kv in link.Attributes)
        {
            if (kv.Key == RefTypeAttribute)
            {
                return kv.Value.Type == AttributeType.String && kv.Value.AsString == "child_of";
            }
        }

        return false;
    }

    private static void AddCount<TSink>(ref TSink sink, string key, uint count)
        where TSink : struct, IJaegerKeyValueSink
    {
        if (count > 0)
        {
            sink.Add(key, AttributeValue.Int(count));
        }
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
}
